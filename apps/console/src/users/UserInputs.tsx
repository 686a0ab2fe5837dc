import { Box, Divider, Typography } from '@mui/material';
import { BooleanInput, PasswordInput, ReferenceInput, SelectInput, TextInput, email, maxLength, minLength, required, useTranslate } from 'react-admin';
import { useWatch } from 'react-hook-form';
import { ROLES } from '@sentinel/contracts';
import { enumChoices } from '../common/labels';
import { TimeZoneInput } from '../common/inputs';
import { LOCALES } from '../i18n/i18nProvider';

const localeChoices = LOCALES.map((l) => ({ id: l.locale, name: l.name }));
/** docs/api-decisions.md "Users": at least 10 characters. */
export const PASSWORD_MIN = 10;

const Section = ({ title }: { title: string }) => {
  const t = useTranslate();
  return (
    <Box sx={{ width: '100%', mt: 1, mb: 1.5 }}>
      <Typography variant="subtitle2" component="h2">
        {t(title)}
      </Typography>
      <Divider sx={{ mt: 0.5 }} />
    </Box>
  );
};

/**
 * Shared by create and edit. The password is write-only: never read back; on edit, empty keeps it. A machine
 * client (intake) may live on API keys alone, so its password is optional.
 */
export const UserInputs = ({ mode }: { mode: 'create' | 'edit' }) => {
  const role = useWatch({ name: 'role' }) as string | undefined;
  const passwordRequired = mode === 'create' && role !== 'intake';
  const passwordRules = [minLength(PASSWORD_MIN), maxLength(200)];
  return (
    <Box sx={{ width: '100%', maxWidth: 640 }}>
      <Section title="resources.users.page.section_account" />
      <TextInput source="email" type="email" validate={[required(), email(), maxLength(254)]} fullWidth autoComplete="off" />
      <TextInput source="name" validate={[required(), maxLength(120)]} fullWidth />
      <SelectInput source="role" choices={enumChoices('role', ROLES)} validate={required()} fullWidth helperText="resources.users.page.role_help" />
      <ReferenceInput source="teamId" reference="teams" sort={{ field: 'name', order: 'ASC' }} perPage={200}>
        <SelectInput optionText="name" fullWidth emptyText="app.none" helperText="resources.users.page.team_help" />
      </ReferenceInput>
      <Section title="resources.users.page.section_sign_in" />
      <PasswordInput
        source="password"
        fullWidth
        autoComplete="new-password"
        validate={passwordRequired ? [required(), ...passwordRules] : passwordRules}
        helperText={mode === 'create' ? (role === 'intake' ? 'resources.users.page.password_intake_help' : 'resources.users.page.password_create_help') : 'resources.users.page.password_help'}
      />
      <Section title="resources.users.page.section_preferences" />
      <SelectInput source="locale" choices={localeChoices} translateChoice={false} fullWidth validate={required()} helperText="resources.users.page.locale_help" />
      <TimeZoneInput source="timeZone" fullWidth helperText="resources.users.page.time_zone_help" />
      {mode === 'edit' && (
        <>
          <Section title="resources.users.page.section_status" />
          <BooleanInput source="active" helperText="resources.users.page.deactivate_help" />
        </>
      )}
    </Box>
  );
};

const EDITABLE = ['email', 'name', 'role', 'teamId', 'locale', 'timeZone', 'password'] as const;

/**
 * The body of POST /api/users or PUT /api/users/:id: only the fields the API takes (a create never carries
 * `active`: a new user is active), empty optional fields as null, and no password unless one was typed
 * (on edit an empty one means "keep the current one").
 */
export function userBody(data: Record<string, unknown>, mode: 'create' | 'edit'): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of EDITABLE) {
    const v = data[k];
    if (k === 'password') {
      if (typeof v === 'string' && v !== '') out.password = v;
      continue;
    }
    if (v === undefined) continue;
    out[k] = v === '' ? null : v;
  }
  if (mode === 'edit' && typeof data.active === 'boolean') out.active = data.active;
  return out;
}
