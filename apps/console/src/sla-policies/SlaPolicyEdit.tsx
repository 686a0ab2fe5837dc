import { Alert, Box, Typography } from '@mui/material';
import { Edit, FormDataConsumer, NumberInput, ReferenceInput, SelectInput, TextInput, SimpleForm, maxValue, minValue, required, useTranslate } from 'react-admin';
import { parseIsoDuration } from '../format/formatters';
import { useFormatters } from '../hooks/useFormatters';
import { useProblemOnError } from '../common/useProblemOnError';
import { StageChip } from '../common/chips';
import type { SlaPolicyRecord } from './SlaPolicyList';
import { useRecordContext } from 'react-admin';

const isoDuration = (value: unknown) => (value && !parseIsoDuration(String(value)) ? 'resources.sla-policies.page.target_invalid' : undefined);

const StageHeader = () => {
  const record = useRecordContext<SlaPolicyRecord>();
  return record ? (
    <Box sx={{ mb: 2 }}>
      <StageChip value={record.stage ?? (record.id as SlaPolicyRecord['stage'])} size="medium" />
    </Box>
  ) : null;
};

export const SlaPolicyEdit = () => {
  const t = useTranslate();
  const f = useFormatters();
  const onError = useProblemOnError();
  return (
    <Edit mutationMode="pessimistic" mutationOptions={{ onError }} redirect="list">
      <SimpleForm sx={{ maxWidth: 640 }}>
        <StageHeader />
        <TextInput source="target" validate={[required(), isoDuration]} helperText="resources.sla-policies.page.target_help" fullWidth />
        <FormDataConsumer>
          {({ formData }) =>
            formData.target && parseIsoDuration(formData.target) ? (
              <Typography variant="body2" color="text.secondary" sx={{ mt: -1, mb: 2 }}>
                = {f.isoDuration(formData.target)}
              </Typography>
            ) : null
          }
        </FormDataConsumer>
        <ReferenceInput source="calendarId" reference="calendars" sort={{ field: 'id', order: 'ASC' }} perPage={100}>
          <SelectInput optionText="name" validate={required()} fullWidth />
        </ReferenceInput>
        <NumberInput source="warnAtPercent" validate={[required(), minValue(1), maxValue(99)]} min={1} max={99} />
        <Alert severity="info" sx={{ width: '100%' }}>
          {t('resources.sla-policies.page.recompute_help')}
        </Alert>
      </SimpleForm>
    </Edit>
  );
};
