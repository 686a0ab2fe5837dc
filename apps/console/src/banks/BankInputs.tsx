import { Box } from '@mui/material';
import { BooleanInput, NumberInput, PasswordInput, TextInput, minValue, regex, required } from 'react-admin';

/** Shared by create and edit. `secret` is write-only: empty keeps the current one. */
export const BankInputs = ({ mode }: { mode: 'create' | 'edit' }) => (
  <Box sx={{ width: '100%', maxWidth: 640 }}>
    <TextInput source="code" validate={[required(), regex(/^[A-Z0-9_]{2,16}$/)]} fullWidth disabled={mode === 'edit'} />
    <TextInput source="name" validate={required()} fullWidth />
    <TextInput source="webhookUrl" type="url" fullWidth />
    <BooleanInput source="active" />
    {mode === 'edit' && <NumberInput source="secretGraceHours" validate={minValue(0)} />}
    <PasswordInput source="secret" fullWidth autoComplete="new-password" helperText="resources.banks.page.secret_help" />
  </Box>
);

export function withoutEmptySecret<T extends Record<string, unknown>>(data: T): T {
  const { secret, ...rest } = data as Record<string, unknown>;
  return (secret ? { ...rest, secret } : rest) as T;
}
