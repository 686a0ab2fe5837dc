import { useMemo, useRef } from 'react';
import { Box, Typography } from '@mui/material';
import { useGetList, useNavigate, useTranslate } from 'react-admin';
import type { CaseListRow } from '@sentinel/contracts';
import { Panel, EmptyText } from './Panel';
import { PriorityChip, SlaBadge, StageChip } from '../common/chips';
import { SimpleTable } from '../common/SimpleTable';
import { Mono } from '../common/Hash';
import { quietRefresh } from '../common/polling';
import { ACTIVE_ROW_SX, useListNavigation } from '../shortcuts/useListNavigation';

const openCase = (id: string) => `/cases/${encodeURIComponent(id)}/show`;

/**
 * The person's own open cases, the most urgent clock first, each with its time left (coloured by the clock's
 * state). J / K move through them, Enter opens one; the list refreshes by itself.
 */
export const MyCasesPanel = () => {
  const t = useTranslate();
  const navigate = useNavigate();
  const box = useRef<HTMLDivElement>(null);
  const { data, total, isPending, error } = useGetList<CaseListRow>(
    'cases',
    { filter: { assigneeId: 'me', status: 'open' }, sort: { field: 'dueAt', order: 'ASC' }, pagination: { page: 1, perPage: 100 } },
    quietRefresh,
  );
  const rows = useMemo(() => data ?? [], [data]);
  const ids = useMemo(() => rows.map((r) => String(r.id)), [rows]);
  const { activeId } = useListNavigation(ids, (id) => navigate(openCase(id)), box);
  const f = (n: string) => t(`resources.cases.fields.${n}`);
  return (
    <Panel title={t('my_work.mine.title')} count={total ?? null} testId="my-cases">
      {isPending ? (
        <EmptyText>{t('app.loading')}</EmptyText>
      ) : error ? (
        <EmptyText>{t('app.load_failed')}</EmptyText>
      ) : rows.length === 0 ? (
        <EmptyText testId="my-cases-empty">{t('my_work.mine.empty')}</EmptyText>
      ) : (
        <Box ref={box} sx={{ overflowX: 'auto' }}>
          <SimpleTable
            rows={rows}
            rowKey={(r) => r.id}
            rowProps={(r) => ({
              hover: true,
              onClick: () => navigate(openCase(String(r.id))),
              sx: { cursor: 'pointer', ...(String(r.id) === activeId ? ACTIVE_ROW_SX : {}) },
              'data-testid': 'my-case-row',
            })}
            columns={[
              {
                header: f('reference'),
                cell: (r) => (
                  <>
                    <Typography variant="body2" sx={{ fontWeight: 600, color: 'primary.main', whiteSpace: 'nowrap' }}>
                      {r.reference}
                    </Typography>
                    <Mono nowrap>{r.sn}</Mono>
                  </>
                ),
              },
              { header: f('priority'), cell: (r) => <PriorityChip value={r.priority} /> },
              { header: f('stage'), cell: (r) => <StageChip value={r.stage} /> },
              { header: t('my_work.mine.time_left'), cell: (r) => <SlaBadge state={r.slaState} dueAt={r.dueAt} stacked /> },
              {
                header: f('merchantName'),
                cell: (r) => (
                  <>
                    <Typography variant="body2" noWrap sx={{ maxWidth: 200 }} title={r.merchantName ?? ''}>
                      {r.merchantName ?? '—'}
                    </Typography>
                    <Typography variant="caption" color="text.secondary">
                      {r.bankCode ?? ''}
                    </Typography>
                  </>
                ),
              },
            ]}
          />
        </Box>
      )}
    </Panel>
  );
};
