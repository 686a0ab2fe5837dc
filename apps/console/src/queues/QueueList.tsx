import { Box, Typography } from '@mui/material';
import { CreateButton, DataTable, List, ReferenceField, TextField, TopToolbar } from 'react-admin';
import type { QueueRow } from './types';
import { QueueCountChips } from './QueueCountChips';
import { QueueFilterSummary } from './QueueFilterSummary';
import { ClaimNextButton } from '../common/ClaimNextButton';

const QueueListActions = () => (
  <TopToolbar sx={{ alignItems: 'center' }}>
    <CreateButton />
    <ClaimNextButton />
  </TopToolbar>
);

const Col = DataTable.Col<QueueRow>;

export const QueueList = () => (
  <List actions={<QueueListActions />} sort={{ field: 'createdAt', order: 'ASC' }} perPage={50} exporter={false} pagination={false}>
    <DataTable<QueueRow> rowClick="show" bulkActionButtons={false}>
      <Col
        source="name"
        render={(q) => (
          <Box>
            <Typography variant="body1" sx={{ fontWeight: 600, color: 'primary.main' }}>
              {q.name}
            </Typography>
          </Box>
        )}
      />
      <Col source="teamId" disableSort>
        <ReferenceField source="teamId" reference="teams" link={false} emptyText="—">
          <TextField source="name" />
        </ReferenceField>
      </Col>
      <Col source="filter" disableSort render={(q) => <QueueFilterSummary filter={q.filter} />} />
      <Col source="counts" disableSort render={(q) => <QueueCountChips queue={q} />} />
    </DataTable>
  </List>
);
