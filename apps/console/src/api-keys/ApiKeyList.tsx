import { useState } from 'react';
import { Box, Button, Chip, Typography } from '@mui/material';
import { Confirm, DataTable, List, ReferenceField, SelectInput, TextField, useDataProvider, useNotify, useRefresh, useTranslate } from 'react-admin';
import type { ApiKeyRow, SentinelDataProvider } from '../dataProvider';
import { useFormatters } from '../hooks/useFormatters';
import { useEnumLabel } from '../common/labels';
import { useProblemNotify } from '../common/useProblemNotify';

export type ApiKeyRecord = ApiKeyRow & { userId: string };
const Col = DataTable.Col<ApiKeyRecord>;

const Chips = ({ values, render }: { values: string[] | null; render: (v: string) => string }) => {
  const t = useTranslate();
  if (!values?.length) return <Typography variant="body2" color="text.secondary">{t('resources.api-keys.any')}</Typography>;
  return (
    <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap' }}>
      {values.map((v) => (
        <Chip key={v} size="small" variant="outlined" label={render(v)} />
      ))}
    </Box>
  );
};

const RevokeButton = ({ record }: { record: ApiKeyRecord }) => {
  const t = useTranslate();
  const dp = useDataProvider<SentinelDataProvider>();
  const notify = useNotify();
  const notifyProblem = useProblemNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  if (record.revokedAt) return null;
  const revoke = async () => {
    try {
      await dp.revokeApiKey(record.id);
      notify('resources.users.api_keys.revoked', { type: 'success' });
      refresh();
    } catch (e) {
      notifyProblem(e);
    } finally {
      setOpen(false);
    }
  };
  return (
    <>
      <Button size="small" color="error" onClick={(e) => (e.stopPropagation(), setOpen(true))} data-testid={`revoke-${record.id}`}>
        {t('resources.users.api_keys.revoke')}
      </Button>
      <Confirm
        isOpen={open}
        title="resources.users.api_keys.revoke"
        content={t('resources.users.api_keys.revoke_confirm', { name: record.name })}
        onConfirm={revoke}
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
      { id: 'true', name: 'resources.api-keys.active' },
      { id: 'false', name: 'resources.api-keys.revoked' },
    ]}
  />,
];

/**
 * Every API key of every machine client, for admins (GET /api/api-keys): whose it is, what it may report
 * for, when it was last used, and revoke. Keys are created on their intake user's page, where the key is
 * shown once.
 */
export const ApiKeyList = () => {
  const f = useFormatters();
  const label = useEnumLabel();
  const t = useTranslate();
  return (
    <List sort={{ field: 'name', order: 'ASC' }} filters={filters} filterDefaultValues={{ active: 'true' }} exporter={false} perPage={50}>
      <DataTable<ApiKeyRecord> rowClick={false} bulkActionButtons={false}>
        <Col source="name" />
        <Col source="userId" disableSort>
          <ReferenceField source="userId" reference="users" link="edit">
            <TextField source="name" />
          </ReferenceField>
        </Col>
        <Col source="keyPrefix" disableSort render={(r) => <code>{r.keyPrefix}…</code>} />
        <Col source="bankCodes" disableSort render={(r) => <Chips values={r.bankCodes} render={(v) => v} />} />
        <Col source="channels" disableSort render={(r) => <Chips values={r.channels} render={(v) => label('channel', v)} />} />
        <Col source="createdAt" disableSort render={(r) => f.dateTime(r.createdAt)} />
        <Col source="lastUsedAt" disableSort render={(r) => (r.lastUsedAt ? f.dateTime(r.lastUsedAt) : t('resources.api-keys.never_used'))} />
        <Col source="expiresAt" disableSort render={(r) => (r.expiresAt ? f.dateTime(r.expiresAt) : t('resources.users.api_keys.never'))} />
        <Col source="revokedAt" disableSort render={(r) => (r.revokedAt ? f.dateTime(r.revokedAt) : '')} />
        <Col label="" disableSort render={(r) => <RevokeButton record={r} />} />
      </DataTable>
    </List>
  );
};
