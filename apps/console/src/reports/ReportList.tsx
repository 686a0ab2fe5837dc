import { CreateButton, DataTable, FilterButton, List, SelectInput, TextInput, TopToolbar } from 'react-admin';
import { CHANNELS, type ReportView } from '@sentinel/contracts';
import { enumChoices, useEnumLabel } from '../common/labels';
import { DateTimeText } from '../common/DateTime';
import { Mono } from '../common/Hash';
import { ZonedDateFilterInput } from '../common/inputs';
import { useFormatters } from '../hooks/useFormatters';
import { CaseLink } from '../common/CaseLink';

/** Filters of GET /api/reports (docs/api.md): caseId, sn, channel, receivedFrom, receivedTo. */
const filters = [
  <TextInput key="sn" source="sn" alwaysOn resettable />,
  <SelectInput key="channel" source="channel" choices={enumChoices('channel', CHANNELS)} alwaysOn />,
  <ZonedDateFilterInput key="receivedFrom" source="receivedFrom" alwaysOn />,
  <ZonedDateFilterInput key="receivedTo" source="receivedTo" end alwaysOn />,
];

const Col = DataTable.Col<ReportView>;

export const ReportList = () => {
  const label = useEnumLabel();
  const f = useFormatters();
  return (
    <List
      filters={filters}
      sort={{ field: 'createdAt', order: 'DESC' }}
      perPage={25}
      exporter={false}
      actions={
        <TopToolbar>
          <FilterButton />
          <CreateButton label="intake.new" variant="contained" data-testid="new-report" />
        </TopToolbar>
      }
    >
      <DataTable<ReportView> rowClick="show" bulkActionButtons={false} size="small">
        <Col source="receivedAt" disableSort render={(r) => <DateTimeText value={r.receivedAt} />} />
        <Col source="sn" disableSort render={(r) => <Mono>{r.sn}</Mono>} />
        <Col source="channel" disableSort render={(r) => label('channel', r.channel)} />
        <Col source="misuseType" disableSort render={(r) => label('misuseType', r.misuseType)} />
        <Col source="merchantName" disableSort render={(r) => r.merchantName ?? '—'} />
        <Col source="bankCode" disableSort render={(r) => r.bankCode ?? '—'} />
        <Col source="amountAtRisk" disableSort render={(r) => (r.amountAtRisk ? f.money(r.amountAtRisk) : '—')} />
        <Col
          source="caseReference"
          disableSort
          render={(r) =>
            r.caseId ? (
              <CaseLink id={r.caseId} inRow>
                {r.caseReference ?? r.caseId}
              </CaseLink>
            ) : (
              '—'
            )
          }
        />
      </DataTable>
    </List>
  );
};
