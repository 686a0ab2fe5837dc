import { Box, Chip } from '@mui/material';
import { BooleanField, CreateButton, DataTable, List, TopToolbar } from 'react-admin';
import { usePerms } from '../common/usePerms';

export interface TeamRecord {
  id: string;
  name: string;
  bankCodes: string[];
  isDefault: boolean;
}
const Col = DataTable.Col<TeamRecord>;

export const TeamList = () => {
  const { can } = usePerms();
  return (
    <List
      sort={{ field: 'createdAt', order: 'ASC' }}
      perPage={100}
      exporter={false}
      pagination={false}
      actions={
        <TopToolbar>
          <CreateButton />
        </TopToolbar>
      }
    >
      <DataTable<TeamRecord> rowClick={can('teams:manage') ? 'edit' : false} bulkActionButtons={false}>
        <Col source="name" disableSort />
        <Col
          source="bankCodes"
          disableSort
          render={(r) => (
            <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap' }}>
              {(r.bankCodes ?? []).map((c) => (
                <Chip key={c} size="small" variant="outlined" label={c} />
              ))}
            </Box>
          )}
        />
        <Col source="isDefault" disableSort>
          <BooleanField source="isDefault" />
        </Col>
      </DataTable>
    </List>
  );
};
