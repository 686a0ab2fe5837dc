import { Box, Card, CardContent, Typography } from '@mui/material';
import { List, Navigate, ReferenceInput, SelectInput, TopToolbar, FilterButton, useTranslate } from 'react-admin';
import { CaseDataTable } from '../cases/CaseDataTable';
import { TranslatedSearchInput } from '../common/inputs';
import { usePerms } from '../common/usePerms';
import { quietRefresh } from '../common/polling';

const filters = [
  <TranslatedSearchInput key="q" source="q" alwaysOn placeholder="resources.cases.fields.q" sx={{ minWidth: 280 }} />,
  <ReferenceInput key="teamId" source="teamId" reference="teams" sort={{ field: 'name', order: 'ASC' }} perPage={200} alwaysOn>
    <SelectInput optionText="name" />
  </ReferenceInput>,
];

const Empty = () => {
  const t = useTranslate();
  return (
    <Card sx={{ mt: 2 }}>
      <CardContent>
        <Typography color="text.secondary" data-testid="review-empty">
          {t('review.none')}
        </Typography>
      </CardContent>
    </Card>
  );
};

/** The supervisors' review queue: open cases in review, the longest waiting first; resolve or return from the case. */
export const AwaitingReviewPage = () => {
  const t = useTranslate();
  const { can, isPending } = usePerms();
  if (isPending) return null;
  if (!can('cases:supervise')) return <Navigate to="/" replace />;
  return (
    <Box>
      <List
        resource="cases"
        title={t('review.awaiting')}
        filter={{ status: 'open', stage: 'review' }}
        filters={filters}
        sort={{ field: 'updatedAt', order: 'ASC' }}
        perPage={25}
        exporter={false}
        empty={<Empty />}
        storeKey="cases.review"
        disableSyncWithLocation
        queryOptions={quietRefresh}
        actions={
          <TopToolbar>
            <FilterButton />
          </TopToolbar>
        }
      >
        <CaseDataTable />
      </List>
    </Box>
  );
};

export default AwaitingReviewPage;
