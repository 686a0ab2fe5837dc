import { Create, Edit, SimpleForm, useRecordContext } from 'react-admin';
import { UserInputs, withoutEmptyPassword } from './UserInputs';
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
    <Edit mutationMode="pessimistic" mutationOptions={{ onError }} transform={(d) => withoutEmptyPassword(d)} redirect="list" aside={undefined}>
      <SimpleForm>
        <UserInputs mode="edit" />
      </SimpleForm>
      <IntakeKeys />
    </Edit>
  );
};

export const UserCreate = () => {
  const onError = useProblemOnError();
  return (
    <Create mutationOptions={{ onError }} transform={(d) => withoutEmptyPassword(d)} redirect="edit">
      <SimpleForm defaultValues={{ role: 'analyst', locale: 'zh-CN', active: true }}>
        <UserInputs mode="create" />
      </SimpleForm>
    </Create>
  );
};
