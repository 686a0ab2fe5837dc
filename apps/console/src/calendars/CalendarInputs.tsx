import { Box, Divider, Typography } from '@mui/material';
import { TextInput, maxLength, regex, required, useTranslate } from 'react-admin';
import { DateListInput, TimeZoneInput, WorkingHoursInput } from '../common/inputs';
import { HolidayImport } from './HolidayImport';

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

/** Shared by create and edit: time zone, working hours per weekday, holidays and make-up working days (with import). */
export const CalendarInputs = ({ mode }: { mode: 'create' | 'edit' }) => {
  const t = useTranslate();
  return (
    <Box sx={{ width: '100%', maxWidth: 760 }}>
      <TextInput
        source="id"
        validate={mode === 'create' ? [required(), regex(/^[a-z0-9-]{2,40}$/, 'resources.calendars.page.id_invalid')] : undefined}
        disabled={mode === 'edit'}
        helperText={mode === 'create' ? 'resources.calendars.page.id_help' : 'resources.calendars.page.id_fixed'}
        fullWidth
      />
      <TextInput source="name" validate={[required(), maxLength(120)]} fullWidth />
      <TimeZoneInput source="timeZone" validate={required()} fullWidth helperText="resources.calendars.page.time_zone_help" />
      <Section title="resources.calendars.fields.workingHours" />
      <WorkingHoursInput source="workingHours" label={t('resources.calendars.page.working_hours_help')} />
      <Section title="resources.calendars.page.days_off_and_on" />
      <HolidayImport />
      <DateListInput source="holidays" label={t('resources.calendars.fields.holidays')} helperText={t('resources.calendars.page.holidays_help')} />
      <DateListInput source="extraWorkingDays" label={t('resources.calendars.fields.extraWorkingDays')} helperText={t('resources.calendars.page.extra_help')} />
    </Box>
  );
};
