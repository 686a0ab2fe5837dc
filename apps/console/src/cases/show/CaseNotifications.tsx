import { Accordion, AccordionDetails, AccordionSummary, Box, Card, CardContent, Chip, Stack, Typography } from '@mui/material';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import { useGetList, useTranslate } from 'react-admin';
import { useCaseActions } from './CaseActionContext';
import type { NotificationRow } from '../../notifications/types';
import { AttemptsTable, RetryNotificationButton } from '../../notifications/NotificationParts';
import { NotificationStatusChip } from '../../common/chips';
import { useEnumLabel } from '../../common/labels';
import { useFormatters } from '../../hooks/useFormatters';
import { LoadState } from '../../common/LoadState';

/** GET /api/notifications?filter={"caseId":…}: each bank message of the case with its attempts. */
export const CaseNotifications = () => {
  const { record } = useCaseActions();
  const t = useTranslate();
  const label = useEnumLabel();
  const f = useFormatters();
  const { data, isPending, error } = useGetList<NotificationRow>('notifications', {
    filter: { caseId: record.id },
    sort: { field: 'createdAt', order: 'DESC' },
    pagination: { page: 1, perPage: 100 },
  });
  return (
    <Card>
      <CardContent>
        <Typography variant="h6" sx={{ mb: 1 }}>
          {t('resources.cases.page.notifications')} {data && <Chip size="small" label={data.length} sx={{ ml: 0.5 }} />}
        </Typography>
        <LoadState pending={isPending} error={error} empty={!data?.length} emptyText={t('app.empty')}>
          {() => (
            (data ?? []).map((n) => (
              <Accordion key={n.id} disableGutters variant="outlined" sx={{ '&:before': { display: 'none' }, mb: 0.75, borderRadius: 1 }}>
                <AccordionSummary expandIcon={<ExpandMoreIcon />}>
                  <Stack direction="row" sx={{ alignItems: 'center', gap: 1, flexWrap: 'wrap', width: '100%', pr: 1 }}>
                    <Typography variant="body2" sx={{ fontWeight: 600 }}>
                      {label('notificationType', n.type)}
                    </Typography>
                    <NotificationStatusChip status={n.status} />
                    <Typography variant="caption" color="text.secondary">
                      {n.bankCode} · {f.dateTime(n.createdAt)} · {t('resources.notifications.fields.attemptCount')}{t('app.colon')}{n.attemptCount ?? n.attempts?.length ?? 0}
                    </Typography>
                    <Box sx={{ flex: 1 }} />
                    <RetryNotificationButton notification={n} />
                  </Stack>
                </AccordionSummary>
                <AccordionDetails sx={{ pt: 0 }}>
                  {n.lastError && (
                    <Typography variant="caption" color="error" component="div" sx={{ mb: 1 }}>
                      {t('resources.notifications.fields.lastError')}{t('app.colon')}{n.lastError}
                    </Typography>
                  )}
                  <AttemptsTable notification={n} />
                </AccordionDetails>
              </Accordion>
            ))
          )}
        </LoadState>
      </CardContent>
    </Card>
  );
};
