import { useCallback } from 'react';
import { Typography } from '@mui/material';
import { CreateButton, DataTable, List, TopToolbar, useTranslate } from 'react-admin';
import type { CalendarView } from '@sentinel/contracts';
import { usePerms } from '../common/usePerms';
import { WEEKDAYS } from '../common/inputs';
import { Mono } from '../common/Hash';
import { CALENDAR_24X7 } from '../format/slaTarget';
import { yearsOf } from './holidayFile';
import { CalendarCoverageBanner } from './CalendarCoverageBanner';

/** `/api/calendars` records (libs/contracts). */
export type CalendarRecord = CalendarView;
const Col = DataTable.Col<CalendarRecord>;

/** A calendar's name; the built-in 24x7 one in the user's language (its stored name is English). */
export function useCalendarName() {
  const t = useTranslate();
  return useCallback((c: Pick<CalendarRecord, 'id' | 'name'>) => (c.id === CALENDAR_24X7 ? t('resources.calendars.builtin_24x7') : c.name), [t]);
}

export const CalendarList = () => {
  const { can } = usePerms();
  const t = useTranslate();
  const name = useCalendarName();
  return (
    <>
      <CalendarCoverageBanner />
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
        <DataTable<CalendarRecord> rowClick={(_, __, r) => (can('sla:manage') && !r.builtin ? 'edit' : false)} bulkActionButtons={false}>
          <Col source="id" disableSort render={(r) => <Mono>{r.id}</Mono>} />
          <Col source="name" disableSort render={(r) => name(r)} />
          <Col source="timeZone" disableSort />
          <Col
            source="workingHours"
            disableSort
            render={(r) => (
              <Typography variant="body2">
                {WEEKDAYS.filter((d) => r.workingHours?.[d])
                  .map((d) => `${t(`enums.weekday_short.${d}`)} ${r.workingHours[d]![0]}–${r.workingHours[d]![1]}`)
                  .join(' · ') || '—'}
              </Typography>
            )}
          />
          <Col
            source="holidays"
            disableSort
            render={(r) =>
              r.builtin ? '—' : yearsOf([...(r.holidays ?? []), ...(r.extraWorkingDays ?? [])]).join(t('app.list_separator')) || t('resources.calendars.page.no_years')
            }
            label="resources.calendars.page.years"
          />
          <Col source="extraWorkingDays" disableSort render={(r) => t('resources.calendars.page.days_count', { holidays: r.holidays?.length ?? 0, working: r.extraWorkingDays?.length ?? 0 })} label="resources.calendars.page.days" />
        </DataTable>
      </List>
    </>
  );
};
