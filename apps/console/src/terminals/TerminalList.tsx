import { DataTable, List } from 'react-admin';
import type { TerminalRecord } from '@sentinel/contracts';
import { Mono } from '../common/Hash';
import { TranslatedSearchInput } from '../common/inputs';

const filters = [<TranslatedSearchInput key="q" source="q" alwaysOn placeholder="resources.terminals.fields.q" sx={{ minWidth: 280 }} />];
const Col = DataTable.Col<TerminalRecord>;

/** Terminal master data; personal fields arrive masked (`****1234`) from the API. */
export const TerminalList = () => (
  <List filters={filters} sort={{ field: 'createdAt', order: 'DESC' }} perPage={25} exporter={false}>
    <DataTable<TerminalRecord> rowClick="show" bulkActionButtons={false} size="small">
      <Col source="sn" disableSort render={(r) => <Mono>{r.sn}</Mono>} />
      <Col source="model" disableSort />
      <Col source="tid" disableSort render={(r) => <Mono>{r.tid ?? '—'}</Mono>} />
      <Col source="bankCode" disableSort />
      <Col source="merchantId" disableSort render={(r) => <Mono>{r.merchantId ?? '—'}</Mono>} />
      <Col source="merchantName" disableSort />
      <Col source="settlementAccount" disableSort render={(r) => <Mono>{r.settlementAccount ?? '—'}</Mono>} />
    </DataTable>
  </List>
);
