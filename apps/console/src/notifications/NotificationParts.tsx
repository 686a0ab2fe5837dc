import { useState } from 'react';
import { Box, Button, CircularProgress, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import ReplayIcon from '@mui/icons-material/Replay';
import { useQueryClient } from '@tanstack/react-query';
import { useDataProvider, useNotify, useTranslate } from 'react-admin';
import type { SentinelDataProvider } from '../dataProvider';
import type { NotificationRow } from './types';
import { useFormatters } from '../hooks/useFormatters';
import { useEnumLabel } from '../common/labels';
import { useProblemNotify } from '../common/useProblemNotify';
import { usePerms } from '../common/usePerms';

export const AttemptsTable = ({ notification }: { notification: NotificationRow }) => {
  const t = useTranslate();
  const f = useFormatters();
  const label = useEnumLabel();
  const attempts = [...(notification.attempts ?? [])].sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
  if (attempts.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary" sx={{ py: 1 }}>
        {t('resources.cases.page.no_attempts')}
      </Typography>
    );
  }
  const a = (k: string) => t(`resources.notifications.attempt.${k}`);
  return (
    <Box sx={{ overflowX: 'auto' }}>
      <Table size="small">
        <TableHead>
          <TableRow>
            <TableCell>{a('no')}</TableCell>
            <TableCell>{a('startedAt')}</TableCell>
            <TableCell>{a('durationMs')}</TableCell>
            <TableCell>{a('statusCode')}</TableCell>
            <TableCell>{a('outcome')}</TableCell>
            <TableCell>{a('error')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {attempts.map((x, i) => (
            <TableRow key={`${x.generation}-${x.attemptNo}-${i}`}>
              <TableCell>
                {x.generation && x.generation > 1 ? `${x.generation}.` : ''}
                {x.attemptNo}
              </TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{f.dateTime(x.startedAt, true)}</TableCell>
              <TableCell>{x.durationMs != null ? `${f.number(x.durationMs)} ms` : '—'}</TableCell>
              <TableCell>{x.statusCode ?? '—'}</TableCell>
              <TableCell>
                <Typography variant="body2" color={x.outcome === 'delivered' ? 'success.main' : 'error.main'}>
                  {label('attemptOutcome', x.outcome)}
                </Typography>
              </TableCell>
              <TableCell sx={{ maxWidth: 280 }}>
                <Typography variant="caption" sx={{ wordBreak: 'break-word' }}>
                  {x.error ?? ''}
                </Typography>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
};

/** Retry of a dead notification (supervisors: `cases:supervise`); a fresh delivery schedule starts. */
export const RetryNotificationButton = ({ notification, onDone }: { notification: Pick<NotificationRow, 'id' | 'status'>; onDone?: () => void }) => {
  const { can } = usePerms();
  const t = useTranslate();
  const dp = useDataProvider<SentinelDataProvider>();
  const notify = useNotify();
  const notifyProblem = useProblemNotify();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  if (!can('cases:supervise') || notification.status !== 'dead') return null;
  const retry = async () => {
    setBusy(true);
    try {
      await dp.retryNotification(notification.id);
      notify('resources.notifications.retried', { type: 'success' });
      void queryClient.invalidateQueries({ queryKey: ['notifications'] });
      void queryClient.invalidateQueries({ queryKey: ['cases'] });
      onDone?.();
    } catch (e) {
      notifyProblem(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button
      size="small"
      variant="outlined"
      color="warning"
      onClick={(e) => {
        e.stopPropagation();
        void retry();
      }}
      disabled={busy}
      startIcon={busy ? <CircularProgress size={14} color="inherit" /> : <ReplayIcon />}
      data-testid={`retry-${notification.id}`}
    >
      {t('resources.notifications.retry')}
    </Button>
  );
};
