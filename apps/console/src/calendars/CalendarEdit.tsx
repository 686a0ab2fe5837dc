import { Create, Edit, SimpleForm } from 'react-admin';
import { CalendarInputs } from './CalendarInputs';
import { useProblemOnError } from '../common/useProblemOnError';

export const CalendarEdit = () => {
  const onError = useProblemOnError();
  return (
    <Edit mutationMode="pessimistic" mutationOptions={{ onError }} redirect="list">
      <SimpleForm>
        <CalendarInputs mode="edit" />
      </SimpleForm>
    </Edit>
  );
};

export const CalendarCreate = () => {
  const onError = useProblemOnError();
  return (
    <Create mutationOptions={{ onError }} redirect="list">
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
