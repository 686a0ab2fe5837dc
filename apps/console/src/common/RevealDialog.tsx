import { useState, type ReactNode } from 'react';
import { Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, TextField, Typography } from '@mui/material';
import VisibilityIcon from '@mui/icons-material/VisibilityOutlined';
import { useTranslate } from 'react-admin';
import { useProblemText } from './useProblemNotify';

/**
 * Asks for the reason of a reveal and sends it: `onReveal(reason)` resolves when the API answered (it records the
 * reveal in the system chain), or rejects with a problem shown in the dialog. The reason is kept while mounted.
 */
export const RevealDialog = ({ open, title, onClose, onReveal }: { open: boolean; title: string; onClose: () => void; onReveal: (reason: string) => Promise<void> }) => {
  const t = useTranslate();
  const problemText = useProblemText();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const reveal = async () => {
    setBusy(true);
    setError(null);
    try {
      await onReveal(reason.trim());
    } catch (e) {
      setError(problemText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open={open} onClose={onClose} maxWidth="xs" fullWidth>
      <DialogTitle>{title}</DialogTitle>
      <DialogContent>
        <TextField label={t('resources.cases.page.reveal_reason')} value={reason} onChange={(e) => setReason(e.target.value)} multiline minRows={2} fullWidth required sx={{ mt: 1 }} />
        {error && (
          <Alert severity="error" sx={{ mt: 1.5 }}>
            {error}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('app.cancel')}</Button>
        <Button variant="contained" disabled={busy || !reason.trim()} onClick={() => void reveal()}>
          {t('resources.cases.page.reveal')}
        </Button>
      </DialogActions>
    </Dialog>
  );
};

/**
 * A masked value with "Reveal" (when `canReveal`): the dialog asks for a reason, `reveal(reason)` answers the value in
 * clear, shown from then on with a "revealed" note. `show` renders the value (plain text, or monospace).
 */
export const RevealableValue = ({
  masked,
  title,
  canReveal,
  reveal,
  show,
  buttonTestId,
}: {
  masked: string;
  title: string;
  canReveal: boolean;
  reveal: (reason: string) => Promise<string>;
  show: (value: string) => ReactNode;
  buttonTestId?: string;
}) => {
  const t = useTranslate();
  const [open, setOpen] = useState(false);
  const [revealed, setRevealed] = useState<string | null>(null);
  return (
    <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5, flexWrap: 'wrap' }}>
      {show(revealed ?? masked)}
      {revealed ? (
        <Typography variant="caption" color="warning.dark">
          {t('resources.cases.page.revealed')}
        </Typography>
      ) : (
        canReveal && (
          <Button size="small" startIcon={<VisibilityIcon />} onClick={() => setOpen(true)} sx={{ py: 0 }} data-testid={buttonTestId}>
            {t('resources.cases.page.reveal')}
          </Button>
        )
      )}
      <RevealDialog
        open={open}
        title={title}
        onClose={() => setOpen(false)}
        onReveal={async (reason) => {
          setRevealed(await reveal(reason));
          setOpen(false);
        }}
      />
    </Box>
  );
};
