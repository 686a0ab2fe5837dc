import { useEffect } from 'react';
import { Alert, Box, Typography } from '@mui/material';
import BoltIcon from '@mui/icons-material/BoltOutlined';
import { useTranslate } from 'react-admin';
import { useCaseActions } from './CaseActionContext';
import { useChangeText } from './live/useChangeText';
import { useFormatters } from '../../hooks/useFormatters';

const SHOWN_MS = 30_000;

/**
 * A short notice of what others just changed on the case (the bank, the worker, a colleague), in the
 * reader's language: "The bank confirmed the freeze". It stays at the top of the page while scrolling, until
 * dismissed or for half a minute.
 */
export const LiveNotice = () => {
  const { live } = useCaseActions();
  const t = useTranslate();
  const f = useFormatters();
  const text = useChangeText();
  const last = live.lastChanges;
  const { dismiss } = live;
  useEffect(() => {
    if (!last) return;
    const h = window.setTimeout(dismiss, SHOWN_MS);
    return () => window.clearTimeout(h);
  }, [last, dismiss]);
  if (!last) return null;
  const shown = last.changes.slice(-4);
  return (
    <Box sx={{ position: 'sticky', top: 8, zIndex: 5 }}>
      <Alert
        severity="info"
        icon={<BoltIcon fontSize="inherit" />}
        onClose={dismiss}
        role="status"
        aria-live="polite"
        data-testid="live-notice"
        sx={{ boxShadow: 3, alignItems: 'center' }}
      >
        {shown.map((c) => (
          <Typography key={c.seq} variant="body2" sx={{ fontWeight: 600 }} data-testid="live-notice-item">
            {text(c)}
          </Typography>
        ))}
        {last.changes.length > shown.length && (
          <Typography variant="caption">{t('live.more', { smart_count: last.changes.length - shown.length })}</Typography>
        )}
        <Typography variant="caption" color="text.secondary">
          {t('live.just_now', { at: f.dateTime(new Date(last.at), true) })}
        </Typography>
      </Alert>
    </Box>
  );
};
