import { Typography } from '@mui/material';
import { DataTable, List, ReferenceField, TextField } from 'react-admin';
import type { SlaPolicyView } from '@sentinel/contracts';
import { StageChip } from '../common/chips';
import { useFormatters } from '../hooks/useFormatters';
import { usePerms } from '../common/usePerms';
import { Mono } from '../common/Hash';

/** `/api/sla-policies` records (libs/contracts). */
export type SlaPolicyRecord = SlaPolicyView;
const Col = DataTable.Col<SlaPolicyRecord>;

/** One policy per stage (ids are the stage names); edited, never created or deleted. */
export const SlaPolicyList = () => {
  const f = useFormatters();
  const { can } = usePerms();
  return (
    <List sort={{ field: 'id', order: 'ASC' }} perPage={50} exporter={false} pagination={false} actions={false}>
      <DataTable<SlaPolicyRecord> rowClick={can('sla:manage') ? 'edit' : false} bulkActionButtons={false}>
        <Col source="stage" disableSort render={(r) => <StageChip value={r.stage} />} />
        <Col
          source="target"
          disableSort
          render={(r) => (
            <>
              <Mono>{r.target}</Mono>
              <Typography variant="caption" color="text.secondary" sx={{ ml: 1 }}>
                {f.isoDuration(r.target)}
              </Typography>
            </>
          )}
        />
        <Col source="calendarId" disableSort>
          <ReferenceField source="calendarId" reference="calendars" link={false}>
            <TextField source="name" />
          </ReferenceField>
        </Col>
        <Col source="warnAtPercent" disableSort render={(r) => `${r.warnAtPercent}%`} />
      </DataTable>
    </List>
  );
};
