import { Alert, Box } from '@mui/material';
import { Edit, NumberInput, ReferenceInput, SelectInput, SimpleForm, maxValue, minValue, number, required, useRecordContext, useTranslate } from 'react-admin';
import { useWatch } from 'react-hook-form';
import { useProblemOnError } from '../common/useProblemOnError';
import { StageChip } from '../common/chips';
import { useEnumLabel } from '../common/labels';
import { isPlainCalendar } from '../format/slaTarget';
import { TargetInput } from './TargetInput';
import type { SlaPolicyRecord } from './SlaPolicyList';
import { useCalendarName, type CalendarRecord } from '../calendars/CalendarList';

const StageHeader = () => {
  const record = useRecordContext<SlaPolicyRecord>();
  return record ? (
    <Box sx={{ mb: 2 }}>
      <StageChip value={record.stage ?? (record.id as SlaPolicyRecord['stage'])} size="medium" />
    </Box>
  ) : null;
};

/** "SLA policy: Freeze" (the record's id is the stage code). */
export const SlaPolicyTitle = () => {
  const t = useTranslate();
  const label = useEnumLabel();
  const record = useRecordContext<SlaPolicyRecord>();
  const name = t('resources.sla-policies.name', { smart_count: 1 });
  return <span>{record ? t('app.titled', { name, title: label('stage', record.stage ?? record.id) }) : name}</span>;
};

const PolicyTarget = () => {
  const calendarId = useWatch({ name: 'calendarId' }) as string | undefined;
  return <TargetInput source="target" plain={isPlainCalendar(calendarId)} />;
};

/** PUT /api/sla-policies/:stage (docs/api.md "SLA"): target as number + unit, calendar, warning threshold. */
export const SlaPolicyEdit = () => {
  const t = useTranslate();
  const onError = useProblemOnError();
  const calendarName = useCalendarName();
  return (
    <Edit mutationMode="pessimistic" mutationOptions={{ onError }} redirect="list" title={<SlaPolicyTitle />}>
      <SimpleForm sx={{ maxWidth: 640 }}>
        <StageHeader />
        <ReferenceInput source="calendarId" reference="calendars" sort={{ field: 'id', order: 'ASC' }} perPage={100}>
          <SelectInput optionText={(c: CalendarRecord) => calendarName(c)} validate={required()} fullWidth helperText="resources.sla-policies.page.calendar_help" />
        </ReferenceInput>
        <PolicyTarget />
        <NumberInput
          source="warnAtPercent"
          validate={[required(), number(), minValue(1), maxValue(99)]}
          min={1}
          max={99}
          step={1}
          helperText="resources.sla-policies.page.warn_help"
        />
        <Alert severity="info" sx={{ width: '100%' }}>
          {t('resources.sla-policies.page.recompute_help')}
        </Alert>
      </SimpleForm>
    </Edit>
  );
};
