import { useState } from 'react';
import { Create, Edit, ListButton, SimpleForm, TopToolbar, useRedirect, useTranslate } from 'react-admin';
import { BankInputs, withoutEmptySecret } from './BankInputs';
import { RotateSecretButton } from './RotateSecretButton';
import type { BankRecord } from './BankList';
import { ShownOnceDialog } from '../common/ShownOnceDialog';
import { useProblemOnError } from '../common/useProblemOnError';

const EditActions = () => (
  <TopToolbar>
    <RotateSecretButton />
    <RotateSecretButton emergency />
    <ListButton />
  </TopToolbar>
);

export const BankEdit = () => {
  const onError = useProblemOnError();
  return (
    <Edit mutationMode="pessimistic" mutationOptions={{ onError }} transform={(d) => withoutEmptySecret(d)} actions={<EditActions />} redirect="list">
      <SimpleForm>
        <BankInputs mode="edit" />
      </SimpleForm>
    </Edit>
  );
};

/** Without a secret the API generates one and returns it once: show it before leaving. */
export const BankCreate = () => {
  const onError = useProblemOnError();
  const redirect = useRedirect();
  const t = useTranslate();
  const [generated, setGenerated] = useState<string | null>(null);
  return (
    <>
      <Create
        mutationOptions={{
          onError,
          onSuccess: (data: BankRecord) => {
            if (data.secret) setGenerated(data.secret);
            else redirect('list', 'banks');
          },
        }}
        transform={(d) => withoutEmptySecret(d)}
      >
        <SimpleForm defaultValues={{ active: true }}>
          <BankInputs mode="create" />
        </SimpleForm>
      </Create>
      <ShownOnceDialog
        open={!!generated}
        title={t('resources.banks.page.generated')}
        value={generated}
        onClose={() => {
          setGenerated(null);
          redirect('list', 'banks');
        }}
      />
    </>
  );
};
