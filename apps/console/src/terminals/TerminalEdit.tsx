import { Alert } from '@mui/material';
import { Edit, SimpleForm, TextInput, useTranslate } from 'react-admin';
import { BankCodeInput, TimeZoneInput } from '../common/inputs';
import { useProblemOnError } from '../common/useProblemOnError';

const PERSONAL = ['merchantCreditCode', 'settlementAccount'] as const;

/**
 * Personal fields come masked; sending the mask back would overwrite the real value, so an
 * unchanged masked field is left out of the PUT (the API keeps what it has).
 */
export function dropUnchangedMasked(data: Record<string, unknown>, previous?: Record<string, unknown>): Record<string, unknown> {
  const out = { ...data };
  for (const k of PERSONAL) {
    if (previous && out[k] === previous[k]) delete out[k];
  }
  return out;
}

export const TerminalEdit = () => {
  const t = useTranslate();
  const onError = useProblemOnError();
  return (
    <Edit
      mutationMode="pessimistic"
      mutationOptions={{ onError }}
      transform={(data, options) => dropUnchangedMasked(data, options?.previousData)}
      redirect="show"
    >
      <SimpleForm sx={{ maxWidth: 640 }}>
        <Alert severity="info" sx={{ mb: 2, width: '100%' }}>
          {t('resources.terminals.page.masked_help')}
        </Alert>
        <TextInput source="sn" disabled fullWidth />
        <TextInput source="model" fullWidth />
        <TextInput source="tid" fullWidth />
        <BankCodeInput source="bankCode" fullWidth />
        <TextInput source="merchantId" fullWidth />
        <TextInput source="merchantName" fullWidth />
        <TextInput source="merchantCreditCode" fullWidth autoComplete="off" />
        <TextInput source="settlementAccount" fullWidth autoComplete="off" />
        <TextInput source="registeredAddress" multiline fullWidth />
        <TimeZoneInput source="timeZone" fullWidth />
      </SimpleForm>
    </Edit>
  );
};
