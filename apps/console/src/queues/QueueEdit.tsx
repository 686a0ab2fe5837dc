import { Create, Edit, SimpleForm } from 'react-admin';
import { QueueInputs } from './QueueInputs';
import { useProblemOnError } from '../common/useProblemOnError';

export const QueueEdit = () => {
  const onError = useProblemOnError();
  return (
    <Edit mutationMode="pessimistic" mutationOptions={{ onError }} redirect="show">
      <SimpleForm>
        <QueueInputs />
      </SimpleForm>
    </Edit>
  );
};

export const QueueCreate = () => {
  const onError = useProblemOnError();
  return (
    <Create mutationOptions={{ onError }} redirect="show">
      <SimpleForm defaultValues={{ filter: {} }}>
        <QueueInputs />
      </SimpleForm>
    </Create>
  );
};
