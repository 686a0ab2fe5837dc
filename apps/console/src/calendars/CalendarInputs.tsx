import { Box } from '@mui/material';
import { TextInput, regex, required, useTranslate } from 'react-admin';
import { DateListInput, TimeZoneInput, WorkingHoursInput } from '../common/inputs';

/** Shared by create and edit: time zone, working hours per weekday, holidays and make-up working days. */
export const CalendarInputs = ({ mode }: { mode: 'create' | 'edit' }) => {
  const t = useTranslate();
  return (
    <Box sx={{ width: '100%', maxWidth: 720 }}>
      <TextInput
        source="id"
        validate={mode === 'create' ? [required(), regex(/^[a-z0-9][a-z0-9-]{1,40}$/)] : undefined}
        disabled={mode === 'edit'}
        helperText={mode === 'create' ? 'resources.calendars.page.id_help' : undefined}
        fullWidth
      />
      <TextInput source="name" validate={required()} fullWidth />
      <TimeZoneInput source="timeZone" validate={required()} fullWidth />
      <WorkingHoursInput source="workingHours" label={t('resources.calendars.fields.workingHours')} />
      <DateListInput source="holidays" label={t('resources.calendars.fields.holidays')} helperText={t('resources.calendars.page.holidays_help')} />
      <DateListInput
        source="extraWorkingDays"
        label={t('resources.calendars.fields.extraWorkingDays')}
        helperText={t('resources.calendars.page.extra_help')}
      />
    </Box>
  );
};
