import { Create, Edit, SimpleForm, useLocaleState, useRecordContext } from 'react-admin';
import { UserInputs, userBody } from './UserInputs';
import { ApiKeysPanel } from './ApiKeysPanel';
import type { UserRecord } from './UserList';
import { useProblemOnError } from '../common/useProblemOnError';

const IntakeKeys = () => {
  const record = useRecordContext<UserRecord>();
  if (!record || record.role !== 'intake') return null;
  return <ApiKeysPanel userId={record.id} />;
};

export const UserEdit = () => {
  const onError = useProblemOnError();
  return (
    <Edit mutationMode="pessimistic" mutationOptions={{ onError }} transform={(d) => userBody(d, 'edit')} redirect="list">
      <SimpleForm>
        <UserInputs mode="edit" />
      </SimpleForm>
      <IntakeKeys />
    </Edit>
  );
};

/** A new user is active; the form starts in the admin's own language (each user can change theirs). */
export const UserCreate = () => {
  const onError = useProblemOnError();
  const [locale] = useLocaleState();
  return (
    <Create mutationOptions={{ onError }} transform={(d) => userBody(d, 'create')} redirect="edit">
      <SimpleForm defaultValues={{ role: 'analyst', locale }}>
        <UserInputs mode="create" />
      </SimpleForm>
    </Create>
  );
};
