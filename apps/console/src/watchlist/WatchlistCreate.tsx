import { Create, NumberInput, SelectInput, SimpleForm, TextInput, maxValue, minValue, required } from 'react-admin';

/** POST /api/watchlist { kind, value, days, reason } (supervisors; audited). The API normalises the value like an SN. */
export const WatchlistCreate = () => (
  <Create redirect="list">
    <SimpleForm defaultValues={{ kind: 'sn', days: 90 }}>
      <SelectInput
        source="kind"
        validate={required()}
        choices={[
          { id: 'sn', name: 'resources.watchlist.kinds.sn' },
          { id: 'mid', name: 'resources.watchlist.kinds.mid' },
        ]}
      />
      <TextInput source="value" validate={required()} />
      <NumberInput source="days" validate={[required(), minValue(1), maxValue(3650)]} helperText="resources.watchlist.days_help" />
      <TextInput source="reason" validate={required()} multiline fullWidth />
    </SimpleForm>
  </Create>
);
