import { Typography } from '@mui/material';
import { CreateButton, DataTable, List, TopToolbar, useTranslate } from 'react-admin';
import type { CalendarView } from '@sentinel/contracts';
import { usePerms } from '../common/usePerms';
import { WEEKDAYS } from '../common/inputs';
import { Mono } from '../common/Hash';

/** `/api/calendars` records (libs/contracts). */
export type CalendarRecord = CalendarView;
const Col = DataTable.Col<CalendarRecord>;

export const CalendarList = () => {
  const { can } = usePerms();
  const t = useTranslate();
  return (
    <List
      sort={{ field: 'id', order: 'ASC' }}
      perPage={100}
      exporter={false}
      pagination={false}
      actions={
        <TopToolbar>
          <CreateButton />
        </TopToolbar>
      }
    >
      <DataTable<CalendarRecord> rowClick={can('sla:manage') ? 'edit' : false} bulkActionButtons={false}>
        <Col source="id" disableSort render={(r) => <Mono>{r.id}</Mono>} />
        <Col source="name" disableSort />
        <Col source="timeZone" disableSort />
        <Col
          source="workingHours"
          disableSort
          render={(r) => (
            <Typography variant="body2">
              {WEEKDAYS.filter((d) => r.workingHours?.[d])
                .map((d) => `${t(`enums.weekday.${d}`).slice(0, 3)} ${r.workingHours[d]![0]}–${r.workingHours[d]![1]}`)
                .join(' · ') || '—'}
            </Typography>
          )}
        />
        <Col source="holidays" disableSort render={(r) => t('resources.calendars.page.dates_count', { smart_count: r.holidays?.length ?? 0 })} />
        <Col source="extraWorkingDays" disableSort render={(r) => t('resources.calendars.page.dates_count', { smart_count: r.extraWorkingDays?.length ?? 0 })} />
      </DataTable>
    </List>
  );
};
