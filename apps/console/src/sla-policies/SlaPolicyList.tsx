import { Typography } from '@mui/material';
import { DataTable, FunctionField, List, ReferenceField } from 'react-admin';
import { useCalendarName, type CalendarRecord } from '../calendars/CalendarList';
import type { SlaPolicyView } from '@sentinel/contracts';
import { StageChip } from '../common/chips';
import { usePerms } from '../common/usePerms';
import { useFormatters } from '../hooks/useFormatters';
import { isPlainCalendar } from '../format/slaTarget';
import { useTargetText } from './TargetInput';

/** `/api/sla-policies` records (libs/contracts). */
export type SlaPolicyRecord = SlaPolicyView;
const Col = DataTable.Col<SlaPolicyRecord>;

/** One policy per stage (ids are the stage names); edited, never created or deleted. */
export const SlaPolicyList = () => {
  const targetText = useTargetText();
  const calendarName = useCalendarName();
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
            <Typography variant="body2" component="span" data-testid={`target-${r.id}`}>
              {targetText(r.target, isPlainCalendar(r.calendarId))}
            </Typography>
          )}
        />
        <Col source="calendarId" disableSort>
          <ReferenceField source="calendarId" reference="calendars" link={false}>
            <FunctionField<CalendarRecord> render={(c) => calendarName(c)} />
          </ReferenceField>
        </Col>
        <Col source="warnAtPercent" disableSort render={(r) => f.percent(r.warnAtPercent / 100)} />
      </DataTable>
    </List>
  );
};
