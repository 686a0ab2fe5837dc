import { Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { useTranslate } from 'react-admin';
import { CopyButton } from './Hash';

/** Shows a secret (API key, webhook secret) the API returns once. */
export const ShownOnceDialog = ({
  open,
  title,
  value,
  extra,
  onClose,
}: {
  open: boolean;
  title: string;
  value: string | null;
  extra?: ReactNode;
  onClose: () => void;
}) => {
  const t = useTranslate();
  return (
    <Dialog open={open} onClose={(_, reason) => reason !== 'backdropClick' && onClose()} maxWidth="sm" fullWidth>
      <DialogTitle>{title}</DialogTitle>
      <DialogContent>
        <Alert severity="warning" sx={{ mb: 2 }}>
          <strong>{t('app.shown_once_title')}</strong> {t('app.shown_once')}
        </Alert>
        <Box
          sx={{ display: 'flex', alignItems: 'center', gap: 1, p: 1.5, bgcolor: '#f4f6fa', border: '1px solid', borderColor: 'divider', borderRadius: 1 }}
        >
          <Typography data-testid="shown-once-value" sx={{ fontFamily: 'monospace', wordBreak: 'break-all', flex: 1, userSelect: 'all' }}>
            {value}
          </Typography>
          {value && <CopyButton value={value} size="medium" />}
        </Box>
        {extra && <Box sx={{ mt: 2 }}>{extra}</Box>}
      </DialogContent>
      <DialogActions>
        <Button variant="contained" onClick={onClose}>
          {t('app.close')}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
