import { Alert, AlertTitle, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { useQuery } from '@tanstack/react-query';
import type { CaseEventView } from '@sentinel/contracts';
import { useCaseActions } from './CaseActionContext';
import { caseEventsKey } from './live/useCaseLive';
import { useFormatters } from '../../hooks/useFormatters';
import { useUserNames } from '../../common/useUserNames';

/**
 * A case a supervisor returned to its analyst (`lastReturn: { reason, by, at }`): why, by whom, when — at the
 * top of the next step while the analyst works on it again, and as a line for the supervisor once it is back
 * in review. The name comes from the case, else from the return's event (analysts cannot read the user list).
 */
export const ReturnBanner = () => {
  const { record } = useCaseActions();
  const t = useTranslate();
  const f = useFormatters();
  const userName = useUserNames();
  const { data: events } = useQuery<CaseEventView[]>({ queryKey: caseEventsKey(record.id), enabled: false });
  const ret = record.lastReturn;
  if (!ret || record.status !== 'open') return null;
  const eventName = [...(events ?? [])].reverse().find((e) => e.action === 'return_to_analyst')?.actorName;
  const name = ret.byName ?? eventName ?? userName(ret.by);
  const params = { name, at: f.dateTime(ret.at) };
  if (record.stage === 'review') {
    return (
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }} data-testid="return-earlier">
        {t('review.returned_earlier', { ...params, reason: ret.reason })}
      </Typography>
    );
  }
  return (
    <Alert severity="warning" sx={{ mb: 2 }} data-testid="return-banner">
      <AlertTitle>{t('review.returned_title', params)}</AlertTitle>
      <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap' }} data-testid="return-reason">
        {ret.reason}
      </Typography>
      <Typography variant="caption" color="text.secondary" component="div" sx={{ mt: 0.5 }}>
        {t('review.returned_hint')}
      </Typography>
    </Alert>
  );
};
