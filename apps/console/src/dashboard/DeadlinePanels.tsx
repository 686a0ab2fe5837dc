import type { ReactNode } from 'react';
import { Card, CardContent, CardHeader, Chip, Skeleton, Stack, Table, TableBody, TableCell, TableRow, Typography } from '@mui/material';
import { useGetList, useTranslate } from 'react-admin';
import type { HoldView, RegulatoryClockView } from '@sentinel/contracts';
import { TimeLeft } from '../cases/show/HoldsPanel';
import { URGENCY_COLOR, urgencyOf } from '../cases/show/timeLeft';
import { useFormatters } from '../hooks/useFormatters';
import { useEnumLabel } from '../common/labels';
import { CaseLink } from '../common/CaseLink';

/** How many rows each panel shows: the next few, the rest are on the cases. */
const NEXT = 6;

const CaseRef = ({ caseId, reference }: { caseId: string; reference: string }) => <CaseLink id={caseId}>{reference || caseId.slice(0, 8)}</CaseLink>;

const DeadlineCard = ({ title, testId, pending, failed, empty, emptyText, children }: { title: string; testId: string; pending: boolean; failed: boolean; empty: boolean; emptyText: string; children: ReactNode }) => {
  const t = useTranslate();
  return (
    <Card sx={{ height: '100%' }} data-testid={testId}>
      <CardHeader title={title} slotProps={{ title: { variant: 'subtitle1' } }} sx={{ pb: 0 }} />
      <CardContent>
        {pending ? (
          <Skeleton variant="rectangular" height={120} />
        ) : failed || empty ? (
          <Typography variant="body2" color="text.secondary" sx={{ py: 3, textAlign: 'center' }}>
            {failed ? t('app.load_failed') : t(emptyText)}
          </Typography>
        ) : (
          <Table size="small">
            <TableBody>{children}</TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
};

/** Active holds and police orders that end soonest (GET /api/holds, active, by expiresAt), time left coloured as on the case page. */
export const ExpiringHoldsPanel = () => {
  const t = useTranslate();
  const f = useFormatters();
  const { data, isPending, error } = useGetList<HoldView>('holds', { filter: { status: 'active' }, sort: { field: 'expiresAt', order: 'ASC' }, pagination: { page: 1, perPage: NEXT } });
  const rows = (data ?? []).filter((h) => h.expiresAt);
  return (
    <DeadlineCard title={t('dashboard.expiring_holds')} testId="panel-expiring-holds" pending={isPending} failed={!!error} empty={rows.length === 0} emptyText="dashboard.no_expiring_holds">
      {rows.map((h) => (
        <TableRow key={h.id} data-testid="expiring-hold-row">
          <TableCell>
            <CaseRef caseId={h.caseId} reference={h.caseReference} />
          </TableCell>
          <TableCell>{t(`enums.holdKind.${h.kind}`)}</TableCell>
          <TableCell>{h.expiresAt ? f.dateTime(h.expiresAt) : ''}</TableCell>
          <TableCell align="right">
            <TimeLeft hold={h} />
          </TableCell>
        </TableRow>
      ))}
    </DeadlineCard>
  );
};

/** Running regulatory clocks (GET /api/regulatory-clocks, not met or cancelled, by dueAt). */
export const RegulatoryDeadlinesPanel = () => {
  const t = useTranslate();
  const f = useFormatters();
  const label = useEnumLabel();
  const { data, isPending, error } = useGetList<RegulatoryClockView>('regulatory-clocks', {
    filter: { state: ['on_track', 'warning', 'breached'] },
    sort: { field: 'dueAt', order: 'ASC' },
    pagination: { page: 1, perPage: NEXT },
  });
  const rows = data ?? [];
  const now = Date.now();
  return (
    <DeadlineCard title={t('dashboard.regulatory_deadlines')} testId="panel-regulatory-deadlines" pending={isPending} failed={!!error} empty={rows.length === 0} emptyText="dashboard.no_regulatory_deadlines">
      {rows.map((c) => {
        const left = Date.parse(c.dueAt) - now;
        const urgency = urgencyOf(c.dueAt, c.warnAt, now);
        return (
          <TableRow key={c.id} data-testid="regulatory-deadline-row">
            <TableCell>
              <CaseRef caseId={c.caseId} reference={c.caseReference} />
            </TableCell>
            <TableCell>{label('regulatoryKind', c.kind)}</TableCell>
            <TableCell>{f.dateTime(c.dueAt)}</TableCell>
            <TableCell align="right">
              <Stack direction="row" sx={{ justifyContent: 'flex-end' }}>
                <Chip size="small" color={URGENCY_COLOR[urgency]} data-urgency={urgency} label={left > 0 ? t('dashboard.due_in', { left: f.duration(left) }) : t('dashboard.overdue_by', { left: f.duration(-left) })} />
              </Stack>
            </TableCell>
          </TableRow>
        );
      })}
    </DeadlineCard>
  );
};
