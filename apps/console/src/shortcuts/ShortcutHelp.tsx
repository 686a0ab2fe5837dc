import { Box, Dialog, DialogContent, DialogTitle, IconButton, Table, TableBody, TableCell, TableRow, Typography } from '@mui/material';
import CloseIcon from '@mui/icons-material/Close';
import { useTranslate } from 'react-admin';
import { SHORTCUTS } from './shortcuts';

const isMac = () => typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

export const Kbd = ({ children }: { children: string }) => (
  <Box
    component="kbd"
    sx={{
      display: 'inline-block',
      minWidth: 22,
      px: 0.75,
      py: 0.1,
      mr: 0.5,
      border: '1px solid',
      borderColor: 'divider',
      borderBottomWidth: 2,
      borderRadius: 0.75,
      bgcolor: '#f6f7f9',
      fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace',
      fontSize: '0.78rem',
      textAlign: 'center',
    }}
  >
    {children}
  </Box>
);

/** The help overlay of "?": every shortcut with what it does, in the reader's language. */
export const ShortcutHelp = ({ open, onClose }: { open: boolean; onClose: () => void }) => {
  const t = useTranslate();
  const mac = isMac();
  return (
    <Dialog open={open} onClose={onClose} maxWidth="sm" fullWidth data-testid="shortcuts-dialog" aria-labelledby="shortcut-help-title">
      <DialogTitle id="shortcut-help-title" sx={{ pr: 6 }}>
        {t('shortcuts.title')}
        <IconButton onClick={onClose} aria-label={t('app.close')} sx={{ position: 'absolute', right: 8, top: 8 }}>
          <CloseIcon />
        </IconButton>
      </DialogTitle>
      <DialogContent>
        <Table size="small">
          <TableBody>
            {SHORTCUTS.map((s) => (
              <TableRow key={s.id} data-testid={`shortcut-${s.id}`}>
                <TableCell sx={{ width: 150, whiteSpace: 'nowrap' }}>
                  {s.keys.map((k) => (
                    <Kbd key={k}>{k === 'Ctrl' && mac ? '⌘' : k === 'Enter' ? t('shortcuts.key_enter') : k}</Kbd>
                  ))}
                </TableCell>
                <TableCell>{t(`shortcuts.${s.id}`)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        <Typography variant="body2" color="text.secondary" sx={{ mt: 2 }}>
          {t('shortcuts.note')}
        </Typography>
      </DialogContent>
    </Dialog>
  );
};
