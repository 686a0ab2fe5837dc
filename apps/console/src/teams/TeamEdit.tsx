import { Create, Edit, SimpleForm } from 'react-admin';
import { TeamInputs } from './TeamInputs';
import { useProblemOnError } from '../common/useProblemOnError';

export const TeamEdit = () => {
  const onError = useProblemOnError();
  return (
    <Edit mutationMode="pessimistic" mutationOptions={{ onError }} redirect="list">
      <SimpleForm>
        <TeamInputs />
      </SimpleForm>
    </Edit>
  );
};

export const TeamCreate = () => {
  const onError = useProblemOnError();
  return (
    <Create mutationOptions={{ onError }} redirect="list">
      <SimpleForm defaultValues={{ bankCodes: [], isDefault: false }}>
        <TeamInputs />
      </SimpleForm>
    </Create>
  );
};
