import { Box } from '@mui/material';
import { BooleanInput, SelectArrayInput, TextInput, required } from 'react-admin';
import { useBankChoices } from '../common/inputs';

export const TeamInputs = () => {
  const { choices } = useBankChoices();
  return (
    <Box sx={{ width: '100%', maxWidth: 640 }}>
      <TextInput source="name" validate={required()} fullWidth />
      <SelectArrayInput source="bankCodes" choices={choices} translateChoice={false} fullWidth />
      <BooleanInput source="isDefault" helperText="resources.teams.page.default_help" />
    </Box>
  );
};
