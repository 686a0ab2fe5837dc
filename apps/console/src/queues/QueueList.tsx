import { Box, Card, CardContent, Typography } from '@mui/material';
import { CreateButton, DataTable, List, ReferenceField, TextField, TopToolbar, useCanAccess, useTranslate } from 'react-admin';
import type { QueueRow } from './types';
import { QueueCountChips } from './QueueCountChips';
import { QueueFilterSummary } from './QueueFilterSummary';
import { ClaimNextButton } from '../common/ClaimNextButton';
import { useMyTeam } from '../my-work/useMyTeam';
import { quietRefresh } from '../common/polling';

const QueueListActions = () => (
  <TopToolbar sx={{ alignItems: 'center' }}>
    <CreateButton />
    <ClaimNextButton />
  </TopToolbar>
);

const Col = DataTable.Col<QueueRow>;

/** No queue yet: an offer to create one only to people who may; analysts are told claim next works without. */
const QueueEmpty = () => {
  const t = useTranslate();
  const { canAccess } = useCanAccess({ resource: 'queues', action: 'create' });
  const { teamId } = useMyTeam();
  return (
    <Card sx={{ mt: 2 }} data-testid="queues-empty">
      <CardContent sx={{ display: 'flex', flexDirection: 'column', gap: 1.5, alignItems: 'flex-start' }}>
        <Typography variant="h6">{t('my_work.queues.none_title')}</Typography>
        <Typography variant="body2" color="text.secondary">
          {teamId ? t('my_work.queues.none') : t('my_work.queues.none_no_team')}
        </Typography>
        <Box sx={{ display: 'flex', gap: 1 }}>
          <ClaimNextButton />
          {canAccess && <CreateButton variant="outlined" />}
        </Box>
      </CardContent>
    </Card>
  );
};

export const QueueList = () => (
  <List actions={<QueueListActions />} empty={<QueueEmpty />} queryOptions={quietRefresh} sort={{ field: 'createdAt', order: 'ASC' }} perPage={50} exporter={false} pagination={false}>
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
