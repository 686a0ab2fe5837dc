import { useState } from 'react';
import { Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, TextField, Typography } from '@mui/material';
import VisibilityIcon from '@mui/icons-material/VisibilityOutlined';
import { useDataProvider, useTranslate, type Identifier } from 'react-admin';
import type { SentinelDataProvider } from '../dataProvider';
import { useProblemText } from '../common/useProblemNotify';

/**
 * A reporter's phone or e-mail as the API served it. Auditors get them masked (`****8000`); "Reveal" asks
 * POST /api/reports/:id/reveal {field, reason}, which the API records in the system chain.
 */
export const RevealableReporterField = ({ reportId, field, value }: { reportId: Identifier; field: 'phone' | 'email'; value: string | undefined }) => {
  const t = useTranslate();
  const dp = useDataProvider<SentinelDataProvider>();
  const problemText = useProblemText();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [revealed, setRevealed] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!value) return <>—</>;
  if (!value.includes('*')) return <>{value}</>;
  const reveal = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await dp.revealReporterField(reportId, field, reason.trim());
      setRevealed(r.value ?? '—');
      setOpen(false);
    } catch (e) {
      setError(problemText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5, flexWrap: 'wrap' }}>
      <span>{revealed ?? value}</span>
      {revealed ? (
        <Typography variant="caption" color="warning.dark">
          {t('resources.cases.page.revealed')}
        </Typography>
      ) : (
        <Button size="small" startIcon={<VisibilityIcon />} onClick={() => setOpen(true)} sx={{ py: 0 }} data-testid={`reveal-reporter-${field}`}>
          {t('resources.cases.page.reveal')}
        </Button>
      )}
      <Dialog open={open} onClose={() => setOpen(false)} maxWidth="xs" fullWidth>
        <DialogTitle>{t(`resources.reports.fields.reporter.${field}`)}</DialogTitle>
        <DialogContent>
          <TextField label={t('resources.cases.page.reveal_reason')} value={reason} onChange={(e) => setReason(e.target.value)} multiline minRows={2} fullWidth required sx={{ mt: 1 }} />
          {error && (
            <Alert severity="error" sx={{ mt: 1.5 }}>
              {error}
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>{t('app.cancel')}</Button>
          <Button variant="contained" disabled={busy || !reason.trim()} onClick={() => void reveal()}>
            {t('resources.cases.page.reveal')}
          </Button>
        </DialogActions>
      </Dialog>
    </Box>
  );
};
