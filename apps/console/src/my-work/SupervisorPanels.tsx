import { useMemo } from 'react';
import { Box, Button } from '@mui/material';
import { LinkBase, useGetList, useTranslate } from 'react-admin';
import type { CaseListRow } from '@sentinel/contracts';
import { Panel, EmptyText } from './Panel';
import { CaseLink } from '../common/CaseLink';
import { SimpleTable } from '../common/SimpleTable';
import { PriorityChip, SlaBadge, StageChip } from '../common/chips';
import { DateTimeText } from '../common/DateTime';
import { quietRefresh } from '../common/polling';
import { AssignInPlace } from '../cases/AssignInPlace';
import { useCaseHolderOptions } from '../common/caseHolders';

const caseLink = (r: CaseListRow) => <CaseLink id={String(r.id)}>{r.reference}</CaseLink>;

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
        <SimpleTable
          rows={data}
          rowKey={(r) => r.id}
          rowProps={() => ({ hover: true, 'data-testid': 'review-row' })}
          columns={[
            { header: f('reference'), cell: caseLink },
            { header: f('priority'), cell: (r) => <PriorityChip value={r.priority} /> },
            { header: t('review.analyst'), cell: (r) => r.assignee?.name ?? <em>{t('app.unassigned')}</em> },
            { header: t('review.waiting_since'), cell: (r) => <DateTimeText value={r.updatedAt} /> },
            { header: t('my_work.mine.time_left'), cell: (r) => <SlaBadge state={r.slaState} dueAt={r.dueAt} stacked /> },
          ]}
        />
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
        <SimpleTable
          rows={data}
          rowKey={(r) => r.id}
          rowProps={() => ({ hover: true, 'data-testid': 'breach-row' })}
          columns={[
            {
              header: f('reference'),
              cell: (r) => (
                <>
                  {caseLink(r)}
                  <Box>
                    <PriorityChip value={r.priority} />
                  </Box>
                </>
              ),
            },
            { header: f('stage'), cell: (r) => <StageChip value={r.stage} /> },
            { header: f('slaState'), cell: (r) => <SlaBadge state={r.slaState} dueAt={r.dueAt} stacked /> },
            { header: f('assignee'), cell: (r) => <AssignInPlace row={r} /> },
          ]}
        />
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
        <SimpleTable
          rows={rows}
          rowKey={(r) => r.id}
          columns={[
            { header: t('my_work.load.person'), cell: (r) => r.name },
            { header: t('my_work.load.open'), align: 'right', cell: (r) => r.open ?? '—' },
            {
              header: t('my_work.load.overdue'),
              align: 'right',
              cell: (r) => (
                <Box component="span" sx={{ color: r.overdue ? 'error.main' : undefined, fontWeight: r.overdue ? 700 : undefined }}>
                  {r.overdue ?? '—'}
                </Box>
              ),
            },
          ]}
        />
      )}
    </Panel>
  );
};
