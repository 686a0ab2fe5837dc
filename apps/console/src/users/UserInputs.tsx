import { Box } from '@mui/material';
import { BooleanInput, PasswordInput, ReferenceInput, SelectInput, TextInput, email, required } from 'react-admin';
import { ROLES } from '@sentinel/contracts';
import { enumChoices } from '../common/labels';
import { TimeZoneInput } from '../common/inputs';
import { LOCALES } from '../i18n/i18nProvider';

const localeChoices = LOCALES.map((l) => ({ id: l.locale, name: l.name }));

/** Shared by create and edit. The password is write-only: never read back, empty keeps it. */
export const UserInputs = ({ mode }: { mode: 'create' | 'edit' }) => (
  <Box sx={{ width: '100%', maxWidth: 640 }}>
    <TextInput source="email" type="email" validate={[required(), email()]} fullWidth disabled={mode === 'edit'} />
    <TextInput source="name" validate={required()} fullWidth />
    <SelectInput source="role" choices={enumChoices('role', ROLES)} validate={required()} fullWidth />
    <ReferenceInput source="teamId" reference="teams" sort={{ field: 'createdAt', order: 'ASC' }} perPage={200}>
      <SelectInput optionText="name" fullWidth emptyText="app.none" />
    </ReferenceInput>
    <PasswordInput
      source="password"
      fullWidth
      autoComplete="new-password"
      validate={mode === 'create' ? required() : undefined}
      helperText={mode === 'create' ? 'resources.users.page.password_create_help' : 'resources.users.page.password_help'}
    />
    <SelectInput source="locale" choices={localeChoices} translateChoice={false} fullWidth />
    <TimeZoneInput source="timeZone" fullWidth />
    {mode === 'edit' && <BooleanInput source="active" helperText="resources.users.page.deactivate_help" />}
  </Box>
);

/** Never send an empty password (it means "keep the current one"). */
export function withoutEmptyPassword<T extends Record<string, unknown>>(data: T): T {
  const { password, ...rest } = data as Record<string, unknown>;
  return (password ? { ...rest, password } : rest) as T;
}
