import { Chip } from '@mui/material';
import { BooleanField, CreateButton, DataTable, List, ReferenceField, SelectInput, TextField, TopToolbar } from 'react-admin';
import { ROLES, type Role } from '@sentinel/contracts';
import { enumChoices, useEnumLabel } from '../common/labels';
import { usePerms } from '../common/usePerms';
import { TranslatedSearchInput } from '../common/inputs';
import { CalendarCoverageBanner } from '../calendars/CalendarCoverageBanner';

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  role: Role;
  teamId: string | null;
  active: boolean;
  locale?: string;
  timeZone?: string | null;
  createdAt?: string;
}

const filters = [
  <TranslatedSearchInput key="q" source="q" alwaysOn placeholder="resources.users.fields.q" />,
  <SelectInput key="role" source="role" choices={enumChoices('role', ROLES)} alwaysOn />,
];
const Col = DataTable.Col<UserRecord>;

export const UserList = () => {
  const label = useEnumLabel();
  const { can } = usePerms();
  return (
    <>
      {/* The admin's landing page: what needs their attention first. */}
      {can('sla:manage') && <CalendarCoverageBanner />}
      <List
        filters={filters}
        sort={{ field: 'name', order: 'ASC' }}
        perPage={50}
        exporter={false}
        actions={
          <TopToolbar>
            <CreateButton />
          </TopToolbar>
        }
      >
        <DataTable<UserRecord> rowClick={can('users:manage') ? 'edit' : false} bulkActionButtons={false} size="small" rowSx={(r) => (r.active === false ? { opacity: 0.55 } : {})}>
          <Col source="name" />
          <Col source="email" disableSort />
          <Col source="role" render={(r) => <Chip size="small" variant="outlined" label={label('role', r.role)} />} />
          <Col source="teamId" disableSort>
            <ReferenceField source="teamId" reference="teams" link={false} emptyText="—">
              <TextField source="name" />
            </ReferenceField>
          </Col>
          <Col source="active" disableSort>
            <BooleanField source="active" />
          </Col>
        </DataTable>
      </List>
    </>
  );
};
