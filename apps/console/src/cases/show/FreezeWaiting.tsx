import { useState, type ReactNode } from 'react';
import { Alert, AlertTitle, Box, Button, Collapse, Stack, Typography } from '@mui/material';
import HourglassIcon from '@mui/icons-material/HourglassTopOutlined';
import { useGetList, useTranslate } from 'react-admin';
import type { NotificationStatus } from '@sentinel/contracts';
import { useCaseActions } from './CaseActionContext';
import type { FreezeMode } from './actionGroups';
import type { NotificationRow } from '../../notifications/types';
import { NotificationStatusChip } from '../../common/chips';
import { useFormatters } from '../../hooks/useFormatters';
import { RetryNotificationButton } from '../../notifications/NotificationParts';

/** The case's bank notifications (the same list query as the notifications card: one request). */
function useFreezeNotification(caseId: string, notificationId: string | null): NotificationRow | undefined {
  const { data } = useGetList<NotificationRow>('notifications', {
    filter: { caseId },
    sort: { field: 'createdAt', order: 'DESC' },
    pagination: { page: 1, perPage: 100 },
  });
  return data?.find((n) => n.id === notificationId) ?? data?.find((n) => n.type === 'freeze.requested');
}

/**
 * The freeze stage after a request: the page waits for the bank (its callback confirms the freeze, and the
 * live page shows it within seconds), says where the request stands — delivered, being retried, dead — and
 * keeps "confirm by hand" (the bank phoned or e-mailed instead) as the fallback.
 */
export const FreezeWaiting = ({ byHand }: { byHand: ReactNode | null }) => {
  const { record, typing } = useCaseActions();
  const t = useTranslate();
  const f = useFormatters();
  const fz = record.freeze;
  const n = useFreezeNotification(String(record.id), fz.notificationId);
  const [showByHand, setShowByHand] = useState(false);
  const open = showByHand || typing.actions.includes('confirm_freeze');
  const status = (n?.status ?? fz.notificationStatus) as NotificationStatus | null;
  const bank = fz.bankCode ?? record.bankCode ?? '—';
  let delivery: string;
  if (status === 'delivered') delivery = n?.deliveredAt ? t('flow.freeze.delivered_at', { at: f.dateTime(n.deliveredAt, true) }) : t('flow.freeze.delivered');
  else if (n && (n.attemptCount ?? 0) > 0 && n.lastError)
    delivery = t('flow.freeze.retrying', { smart_count: n.attemptCount ?? 0, error: n.lastError, at: n.nextAttemptAt ? f.dateTime(n.nextAttemptAt, true) : '—' });
  else delivery = t('flow.freeze.sending');
  return (
    <Box data-testid="freeze-waiting">
      <Alert severity="info" icon={<HourglassIcon fontSize="inherit" />} sx={{ mb: 1.5 }}>
        <AlertTitle>{t('flow.freeze.waiting_title')}</AlertTitle>
        <Typography variant="body2">{t('flow.freeze.requested', { bank, at: fz.requestedAt ? f.dateTime(fz.requestedAt) : '—' })}</Typography>
        <Stack direction="row" sx={{ alignItems: 'center', gap: 1, mt: 0.75, flexWrap: 'wrap' }}>
          {status && <NotificationStatusChip status={status} />}
          <Typography variant="body2" data-testid="freeze-delivery">
            {delivery}
          </Typography>
        </Stack>
        <Typography variant="body2" sx={{ mt: 0.75 }}>
          {t('flow.freeze.live_hint')}
        </Typography>
      </Alert>
      {byHand && (
        <>
          {!open && (
            <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
              <Typography variant="body2" color="text.secondary">
                {t('flow.freeze.by_hand_question')}
              </Typography>
              <Button size="small" variant="outlined" onClick={() => setShowByHand(true)} data-testid="reveal-confirm_freeze">
                {t('flow.freeze.by_hand')}
              </Button>
            </Box>
          )}
          <Collapse in={open} unmountOnExit={false}>
            <Box sx={{ mt: 1 }}>{byHand}</Box>
          </Collapse>
        </>
      )}
    </Box>
  );
};

/** A freeze request that could not be delivered, or that the bank refused: what happened and the way on. */
export const FreezeProblem = ({ mode }: { mode: Extract<FreezeMode, 'undeliverable' | 'rejected'> }) => {
  const { record } = useCaseActions();
  const t = useTranslate();
  const f = useFormatters();
  const fz = record.freeze;
  const n = useFreezeNotification(String(record.id), fz.notificationId);
  const bank = fz.bankCode ?? record.bankCode ?? '—';
  if (mode === 'rejected') {
    return (
      <Alert severity="warning" sx={{ mb: 1.5 }} data-testid="freeze-rejected">
        <AlertTitle>{t('flow.freeze.rejected_title')}</AlertTitle>
        {t('flow.freeze.rejected', { bank, at: fz.rejectedAt ? f.dateTime(fz.rejectedAt) : '—', reason: fz.rejectionReason ?? '—' })}
      </Alert>
    );
  }
  return (
    <Alert severity="error" sx={{ mb: 1.5 }} data-testid="freeze-dead" action={n ? <RetryNotificationButton notification={n} /> : undefined}>
      <AlertTitle>{t('flow.freeze.dead_title')}</AlertTitle>
      {t('flow.freeze.dead', { bank, smart_count: n?.attemptCount ?? 0, error: n?.lastError ?? '—' })}
    </Alert>
  );
};
