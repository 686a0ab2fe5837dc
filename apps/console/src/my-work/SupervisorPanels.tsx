import { useMemo } from 'react';
import { Box, Button, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { LinkBase, useGetList, useTranslate } from 'react-admin';
import type { CaseListRow } from '@sentinel/contracts';
import { Panel, EmptyText } from './Panel';
import { PriorityChip, SlaBadge, StageChip } from '../common/chips';
import { DateTimeText } from '../common/DateTime';
import { quietRefresh } from '../common/polling';
import { AssignInPlace } from '../cases/AssignInPlace';
import { useCaseHolderOptions } from '../common/caseHolders';

const caseLink = (r: CaseListRow) => (
  <Typography variant="body2" component={LinkBase} to={`/cases/${encodeURIComponent(String(r.id))}/show`} sx={{ fontWeight: 600, color: 'primary.main', textDecoration: 'none', whiteSpace: 'nowrap' }}>
    {r.reference}
  </Typography>
);

/** Open cases in review (the supervisors' queue), the longest waiting first. */
export const AwaitingReviewPanel = ({ teamId }: { teamId: string | null }) => {
  const t = useTranslate();
  const { data, total, isPending } = useGetList<CaseListRow>(
    'cases',
    { filter: { status: 'open', stage: 'review', ...(teamId ? { teamId } : {}) }, sort: { field: 'updatedAt', order: 'ASC' }, pagination: { page: 1, perPage: 8 } },
    quietRefresh,
  );
  const f = (n: string) => t(`resources.cases.fields.${n}`);
  return (
    <Panel
      title={t('review.awaiting')}
      count={total ?? null}
      testId="awaiting-review"
      action={
        <Button size="small" component={LinkBase} to="/awaiting-review">
          {t('app.view_all')}
        </Button>
      }
    >
      {isPending ? (
        <EmptyText>{t('app.loading')}</EmptyText>
      ) : !data?.length ? (
        <EmptyText>{t('review.none')}</EmptyText>
      ) : (
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>{f('reference')}</TableCell>
              <TableCell>{f('priority')}</TableCell>
              <TableCell>{t('review.analyst')}</TableCell>
              <TableCell>{t('review.waiting_since')}</TableCell>
              <TableCell>{t('my_work.mine.time_left')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {data.map((r) => (
              <TableRow key={r.id} hover data-testid="review-row">
                <TableCell>{caseLink(r)}</TableCell>
                <TableCell>
                  <PriorityChip value={r.priority} />
                </TableCell>
                <TableCell>{r.assignee?.name ?? <em>{t('app.unassigned')}</em>}</TableCell>
                <TableCell>
                  <DateTimeText value={r.updatedAt} />
                </TableCell>
                <TableCell>
                  <SlaBadge state={r.slaState} dueAt={r.dueAt} stacked />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Panel>
  );
};

/** Breached open cases of the team, with the assignee set right in the row. */
export const BreachesPanel = ({ teamId }: { teamId: string | null }) => {
  const t = useTranslate();
  const { data, total, isPending } = useGetList<CaseListRow>(
    'cases',
    { filter: { status: 'open', slaState: 'breached', ...(teamId ? { teamId } : {}) }, sort: { field: 'dueAt', order: 'ASC' }, pagination: { page: 1, perPage: 8 } },
    quietRefresh,
  );
  const f = (n: string) => t(`resources.cases.fields.${n}`);
  const link = `/cases?filter=${encodeURIComponent(JSON.stringify({ status: 'open', slaState: 'breached', ...(teamId ? { teamId } : {}) }))}`;
  return (
    <Panel
      title={t('my_work.breaches.title')}
      count={total ?? null}
      testId="my-work-breaches"
      action={
        <Button size="small" component={LinkBase} to={link}>
          {t('app.view_all')}
        </Button>
      }
    >
      {isPending ? (
        <EmptyText>{t('app.loading')}</EmptyText>
      ) : !data?.length ? (
        <EmptyText>{t('my_work.breaches.none')}</EmptyText>
      ) : (
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>{f('reference')}</TableCell>
              <TableCell>{f('stage')}</TableCell>
              <TableCell>{f('slaState')}</TableCell>
              <TableCell>{f('assignee')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {data.map((r) => (
              <TableRow key={r.id} hover data-testid="breach-row">
                <TableCell>
                  {caseLink(r)}
                  <Box>
                    <PriorityChip value={r.priority} />
                  </Box>
                </TableCell>
                <TableCell>
                  <StageChip value={r.stage} />
                </TableCell>
                <TableCell>
                  <SlaBadge state={r.slaState} dueAt={r.dueAt} stacked />
                </TableCell>
                <TableCell>
                  <AssignInPlace row={r} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Panel>
  );
};

/** Open and overdue cases per person of the team (GET /api/stats/load), busiest first. */
export const TeamLoadPanel = ({ teamId }: { teamId: string | null }) => {
  const t = useTranslate();
  const { options, isPending } = useCaseHolderOptions();
  const rows = useMemo(
    () => options.filter((o) => !teamId || o.teamId === teamId).sort((a, b) => (b.open ?? 0) - (a.open ?? 0) || a.name.localeCompare(b.name)),
    [options, teamId],
  );
  return (
    <Panel title={t('my_work.load.title')} testId="team-load">
      {isPending ? (
        <EmptyText>{t('app.loading')}</EmptyText>
      ) : rows.length === 0 ? (
        <EmptyText>{t('app.empty')}</EmptyText>
      ) : (
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>{t('my_work.load.person')}</TableCell>
              <TableCell align="right">{t('my_work.load.open')}</TableCell>
              <TableCell align="right">{t('my_work.load.overdue')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((r) => (
              <TableRow key={r.id}>
                <TableCell>{r.name}</TableCell>
                <TableCell align="right">{r.open ?? '—'}</TableCell>
                <TableCell align="right" sx={{ color: r.overdue ? 'error.main' : undefined, fontWeight: r.overdue ? 700 : undefined }}>
                  {r.overdue ?? '—'}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Panel>
  );
};
