import { useMemo, useRef, type ReactNode } from 'react';
import { Box, Typography } from '@mui/material';
import { DataTable, useListContext, useNavigate, useTranslate } from 'react-admin';
import type { CaseListRow } from '@sentinel/contracts';
import { PriorityChip, SlaBadge, StageChip, StatusChip } from '../common/chips';
import { DateTimeText } from '../common/DateTime';
import { Mono } from '../common/Hash';
import { ACTIVE_ROW_SX, useListNavigation } from '../shortcuts/useListNavigation';

const Col = DataTable.Col<CaseListRow>;

const slaEdge = (r: CaseListRow) =>
  r.slaState === 'breached' && r.status === 'open' ? { boxShadow: 'inset 3px 0 0 #c62828' } : r.slaState === 'warning' && r.status === 'open' ? { boxShadow: 'inset 3px 0 0 #e07800' } : {};

/**
 * The case table of the case list, the queue page and the review list. Only the API's sortable fields
 * (reference, priority, dueAt, createdAt, updatedAt) sort; other columns do not offer it. J / K highlight a
 * row, Enter opens it.
 */
export const CaseDataTable = ({ bulkActionButtons }: { bulkActionButtons?: ReactNode | false }) => {
  const t = useTranslate();
  const { data } = useListContext<CaseListRow>();
  const navigate = useNavigate();
  const box = useRef<HTMLDivElement>(null);
  const ids = useMemo(() => (data ?? []).map((r) => String(r.id)), [data]);
  const { activeId } = useListNavigation(ids, (id) => navigate(`/cases/${encodeURIComponent(id)}/show`), box);
  return (
    <Box ref={box}>
    <DataTable<CaseListRow>
      rowClick="show"
      bulkActionButtons={bulkActionButtons ?? false}
      size="small"
      rowSx={(r) => (String(r.id) === activeId ? { ...slaEdge(r), ...ACTIVE_ROW_SX } : slaEdge(r))}
    >
      <Col source="reference" render={(r) => <Typography variant="body2" sx={{ fontWeight: 600, color: 'primary.main', whiteSpace: 'nowrap' }}>{r.reference}</Typography>} />
      <Col source="priority" render={(r) => <PriorityChip value={r.priority} />} />
      <Col source="sn" disableSort render={(r) => <Mono nowrap>{r.sn}</Mono>} />
      <Col
        source="merchantName"
        disableSort
        render={(r) => (
          <Box sx={{ maxWidth: 200 }}>
            <Typography variant="body2" noWrap title={r.merchantName ?? ''}>
              {r.merchantName ?? '—'}
            </Typography>
            <Typography variant="caption" color="text.secondary">
              {r.bankCode ?? ''}
            </Typography>
          </Box>
        )}
      />
      <Col source="stage" disableSort render={(r) => (r.status === 'closed' ? <StatusChip status={r.status} outcome={r.outcome} /> : <StageChip value={r.stage} />)} />
      <Col source="dueAt" label="resources.cases.fields.slaState" render={(r) => (r.status === 'open' ? <SlaBadge state={r.slaState} dueAt={r.dueAt} stacked /> : '—')} />
      <Col
        source="assigneeId"
        disableSort
        render={(r) =>
          r.assignee?.name ? (
            <Typography variant="body2" noWrap>{r.assignee.name}</Typography>
          ) : (
            <Typography variant="body2" color="text.secondary" sx={{ fontStyle: 'italic' }}>
              {t('app.unassigned')}
            </Typography>
          )
        }
      />
      <Col source="createdAt" render={(r) => <DateTimeText value={r.createdAt} sx={{ whiteSpace: 'normal', display: 'inline-block', minWidth: 76, fontVariantNumeric: 'tabular-nums' }} />} />
    </DataTable>
    </Box>
  );
};
