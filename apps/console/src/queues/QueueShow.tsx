import { Box, Card, CardContent, Stack, Typography } from '@mui/material';
import { EditButton, FilterButton, List, Loading, ReferenceField, ShowBase, TextField, Title, TopToolbar, useShowContext, useTranslate } from 'react-admin';
import type { QueueRow } from './types';
import { QueueCountChips } from './QueueCountChips';
import { QueueFilterSummary } from './QueueFilterSummary';
import { ClaimNextButton } from '../common/ClaimNextButton';
import { CaseDataTable } from '../cases/CaseDataTable';
import { caseFilters } from '../cases/caseFilters';
import { useCaseBulkActions } from '../cases/BulkActions';
import { usePerms } from '../common/usePerms';
import { quietRefresh } from '../common/polling';

/** The queue page: its counts, a prominent "Claim next", and its open cases with live SLA countdowns. */
const QueueWorkspace = () => {
  const { record, isPending } = useShowContext<QueueRow>();
  const t = useTranslate();
  const { can } = usePerms();
  const bulk = useCaseBulkActions();
  if (isPending || !record) return <Loading />;
  const permanent = { ...(record.filter ?? {}), ...(record.teamId ? { teamId: record.teamId } : {}), status: 'open' };
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2, mt: 1 }}>
      <Title title={record.name} />
      <Card>
        <CardContent sx={{ pb: '16px !important' }}>
          <Stack direction={{ xs: 'column', md: 'row' }} sx={{ gap: 2, alignItems: { md: 'center' } }}>
            <Box sx={{ flex: 1, minWidth: 0 }}>
              <Typography variant="h5" component="h1">
                {record.name}
              </Typography>
              <Stack direction="row" sx={{ gap: 1, alignItems: 'center', mt: 0.5, flexWrap: 'wrap' }}>
                {record.teamId && (
                  <Typography variant="body2" color="text.secondary" component="span">
                    <ReferenceField source="teamId" reference="teams" link={false}>
                      <TextField source="name" />
                    </ReferenceField>
                  </Typography>
                )}
                <QueueFilterSummary filter={record.filter} />
              </Stack>
              <Box sx={{ mt: 1.5 }}>
                <QueueCountChips queue={record} size="medium" />
              </Box>
            </Box>
            <Stack direction="row" sx={{ gap: 1, alignItems: 'center' }}>
              <EditButton />
              <ClaimNextButton queueId={record.id} size="large" />
            </Stack>
          </Stack>
        </CardContent>
      </Card>
      <Typography variant="subtitle2">{t('resources.queues.page.cases')}</Typography>
      <List
        resource="cases"
        title={false}
        filter={permanent}
        filters={caseFilters({ canReadTeams: false })}
        actions={
          <TopToolbar>
            <FilterButton />
          </TopToolbar>
        }
        sort={{ field: 'dueAt', order: 'ASC' }}
        perPage={25}
        exporter={false}
        disableSyncWithLocation
        storeKey={`queue.${record.id}.cases`}
        queryOptions={quietRefresh}
        sx={{ '& .RaList-main': { mt: 0 } }}
      >
        <CaseDataTable bulkActionButtons={can('cases:supervise') ? bulk : false} />
      </List>
    </Box>
  );
};

export const QueueShow = () => (
  <ShowBase>
    <QueueWorkspace />
  </ShowBase>
);
