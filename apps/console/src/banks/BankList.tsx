import { BooleanField, CreateButton, DataTable, List, TopToolbar } from 'react-admin';
import { usePerms } from '../common/usePerms';
import { Mono } from '../common/Hash';

export interface BankRecord {
  id: string;
  code: string;
  name: string;
  webhookUrl: string | null;
  active: boolean;
  secretGraceHours?: number;
  previousSecretExpiresAt?: string | null;
  secret?: string;
}
const Col = DataTable.Col<BankRecord>;

/** Banks never show their secret: it is write-only (docs/api.md). */
export const BankList = () => {
  const { can } = usePerms();
  return (
    <List
      sort={{ field: 'createdAt', order: 'ASC' }}
      perPage={100}
      exporter={false}
      actions={
        <TopToolbar>
          <CreateButton />
        </TopToolbar>
      }
    >
      <DataTable<BankRecord> rowClick={can('banks:manage') ? 'edit' : false} bulkActionButtons={false}>
        <Col source="code" disableSort render={(r) => <Mono>{r.code}</Mono>} />
        <Col source="name" disableSort />
        <Col source="webhookUrl" disableSort render={(r) => <Mono>{r.webhookUrl ?? '—'}</Mono>} />
        <Col source="active" disableSort>
          <BooleanField source="active" />
        </Col>
      </DataTable>
    </List>
  );
};
