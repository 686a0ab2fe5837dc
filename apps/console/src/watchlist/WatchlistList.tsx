import { useState } from 'react';
import { Button, Chip, TextField as MuiTextField } from '@mui/material';
import { Confirm, CreateButton, DataTable, LinkBase, List, SelectInput, TextInput, TopToolbar, useDataProvider, useNotify, usePermissions, useRefresh, useTranslate } from 'react-admin';
import type { WatchlistEntryView } from '@sentinel/contracts';
import type { SentinelDataProvider } from '../dataProvider';
import { useFormatters } from '../hooks/useFormatters';
import { useProblemNotify } from '../common/useProblemNotify';
import { hasPermission } from '../accessControl';

const Col = DataTable.Col<WatchlistEntryView>;

/** POST /api/watchlist/:id/remove with the reason the supervisor gives (audited). */
const RemoveButton = ({ record }: { record: WatchlistEntryView }) => {
  const t = useTranslate();
  const dp = useDataProvider<SentinelDataProvider>();
  const notify = useNotify();
  const notifyProblem = useProblemNotify();
  const refresh = useRefresh();
  const { permissions } = usePermissions();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  if (record.removedAt || !hasPermission(permissions, 'cases:supervise')) return null;
  const remove = async () => {
    setBusy(true);
    try {
      await dp.removeWatchlistEntry(record.id, reason.trim());
      notify('resources.watchlist.removed_ok', { type: 'success' });
      refresh();
      setOpen(false);
    } catch (e) {
      notifyProblem(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button size="small" color="error" onClick={(e) => (e.stopPropagation(), setOpen(true))} data-testid={`watchlist-remove-${record.value}`}>
        {t('resources.watchlist.remove')}
      </Button>
      <Confirm
        isOpen={open}
        loading={busy || !reason.trim()}
        title="resources.watchlist.remove"
        content={
          <MuiTextField
            autoFocus
            fullWidth
            multiline
            label={t('resources.watchlist.remove_reason')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            slotProps={{ htmlInput: { 'data-testid': 'watchlist-remove-reason' } }}
          />
        }
        onConfirm={remove}
        onClose={() => setOpen(false)}
      />
    </>
  );
};

const filters = [
  <SelectInput
    key="active"
    source="active"
    alwaysOn
    choices={[
      { id: 'true', name: 'resources.watchlist.active' },
      { id: 'false', name: 'resources.watchlist.inactive' },
    ]}
  />,
  <SelectInput
    key="kind"
    source="kind"
    choices={[
      { id: 'sn', name: 'resources.watchlist.kinds.sn' },
      { id: 'mid', name: 'resources.watchlist.kinds.mid' },
    ]}
  />,
  <TextInput key="value" source="value" />,
];

const Actions = () => {
  const { permissions } = usePermissions();
  return <TopToolbar>{hasPermission(permissions, 'cases:supervise') && <CreateButton />}</TopToolbar>;
};

/**
 * The aftercare watchlist (GET /api/watchlist): SNs and MIDs whose new reports open at P1. Entries come from
 * cases closed as confirmed misuse or are added here by a supervisor; a supervisor removes one with a reason.
 */
export const WatchlistList = () => {
  const f = useFormatters();
  const t = useTranslate();
  return (
    <List sort={{ field: 'addedAt', order: 'DESC' }} filters={filters} filterDefaultValues={{ active: 'true' }} actions={<Actions />} exporter={false} perPage={50}>
      <DataTable<WatchlistEntryView> rowClick={false} bulkActionButtons={false}>
        <Col source="value" disableSort render={(r) => <code data-testid="watchlist-value">{r.value}</code>} />
        <Col source="kind" disableSort render={(r) => <Chip size="small" variant="outlined" label={t(`resources.watchlist.kinds.${r.kind}`)} />} />
        <Col
          source="reason"
          disableSort
          render={(r) => (r.caseId ? <LinkBase to={`/cases/${encodeURIComponent(r.caseId)}/show`}>{r.caseReference ?? t('resources.watchlist.from_case')}</LinkBase> : (r.reason ?? ''))}
        />
        <Col source="addedAt" render={(r) => f.dateTime(r.addedAt)} />
        <Col source="expiresAt" render={(r) => f.dateTime(r.expiresAt)} />
        <Col source="removedAt" disableSort render={(r) => (r.removedAt ? `${f.dateTime(r.removedAt)}${r.removedReason ? ` — ${r.removedReason}` : ''}` : '')} />
        <Col label="" disableSort render={(r) => <RemoveButton record={r} />} />
      </DataTable>
    </List>
  );
};
