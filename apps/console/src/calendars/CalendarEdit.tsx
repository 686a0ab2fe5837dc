import { Create, Edit, SimpleForm, useRecordContext, useTranslate } from 'react-admin';
import { CalendarInputs } from './CalendarInputs';
import { CalendarCoverageBanner } from './CalendarCoverageBanner';
import { useCalendarName, type CalendarRecord } from './CalendarList';
import { useProblemOnError } from '../common/useProblemOnError';

const CalendarTitle = () => {
  const t = useTranslate();
  const name = useCalendarName();
  const record = useRecordContext<CalendarRecord>();
  const resource = t('resources.calendars.name', { smart_count: 1 });
  return <span>{record ? t('app.titled', { name: resource, title: name(record) }) : resource}</span>;
};

const EditBanner = () => {
  const record = useRecordContext<CalendarRecord>();
  return record ? <CalendarCoverageBanner calendarId={String(record.id)} /> : null;
};

export const CalendarEdit = () => {
  const onError = useProblemOnError();
  return (
    <Edit mutationMode="pessimistic" mutationOptions={{ onError }} redirect="list" title={<CalendarTitle />}>
      <SimpleForm>
        <EditBanner />
        <CalendarInputs mode="edit" />
      </SimpleForm>
    </Edit>
  );
};

export const CalendarCreate = () => {
  const onError = useProblemOnError();
  return (
    <Create mutationOptions={{ onError }} redirect="edit">
      <SimpleForm
        defaultValues={{
          timeZone: 'Asia/Shanghai',
          workingHours: { mon: ['09:00', '18:00'], tue: ['09:00', '18:00'], wed: ['09:00', '18:00'], thu: ['09:00', '18:00'], fri: ['09:00', '18:00'] },
          holidays: [],
          extraWorkingDays: [],
        }}
      >
        <CalendarInputs mode="create" />
      </SimpleForm>
    </Create>
  );
};
