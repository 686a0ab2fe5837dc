import { ReferenceInput, SelectArrayInput, SelectInput, TextInput, required, useTranslate } from 'react-admin';
import { Box, Typography } from '@mui/material';
import { PRIORITIES, SLA_STATES, STAGES } from '@sentinel/contracts';
import { enumChoices } from '../common/labels';
import { useBankChoices } from '../common/inputs';

/** Shared by create and edit: name, team, and the saved filter (stage, priority, SLA state, bank). */
export const QueueInputs = () => {
  const t = useTranslate();
  const { choices: banks } = useBankChoices();
  return (
    <Box sx={{ width: '100%', maxWidth: 640 }}>
      <TextInput source="name" validate={required()} fullWidth />
      <ReferenceInput source="teamId" reference="teams" sort={{ field: 'createdAt', order: 'ASC' }} perPage={200}>
        <SelectInput optionText="name" fullWidth emptyText="resources.queues.page.any" />
      </ReferenceInput>
      <Typography variant="subtitle2" sx={{ mt: 1, mb: 1 }}>
        {t('resources.queues.fields.filter')}
      </Typography>
      <SelectArrayInput source="filter.stage" choices={enumChoices('stage', STAGES)} fullWidth />
      <SelectArrayInput source="filter.priority" choices={enumChoices('priority', PRIORITIES)} fullWidth />
      <SelectArrayInput source="filter.slaState" choices={enumChoices('slaState', SLA_STATES)} fullWidth />
      <SelectArrayInput source="filter.bankCode" choices={banks} translateChoice={false} fullWidth />
    </Box>
  );
};
