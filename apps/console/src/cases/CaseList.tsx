import { FilterButton, List, TopToolbar } from 'react-admin';
import { caseFilters } from './caseFilters';
import { CaseDataTable } from './CaseDataTable';
import { useCaseBulkActions } from './BulkActions';
import { ClaimNextButton } from '../common/ClaimNextButton';
import { usePerms } from '../common/usePerms';
import { quietRefresh } from '../common/polling';

const CaseListActions = () => (
  <TopToolbar sx={{ alignItems: 'center' }}>
    <FilterButton />
    <ClaimNextButton />
  </TopToolbar>
);

export const CaseList = () => {
  const { can } = usePerms();
  const bulk = useCaseBulkActions();
  const worksCases = can('cases:act');
  return (
    <List
      actions={<CaseListActions />}
      filters={caseFilters({ canReadTeams: can('settings:read'), withStatus: true, withDates: true })}
      filterDefaultValues={worksCases ? { status: 'open' } : {}}
      sort={worksCases ? { field: 'dueAt', order: 'ASC' } : { field: 'createdAt', order: 'DESC' }}
      perPage={25}
      exporter={false}
      storeKey={worksCases ? 'cases.work' : 'cases.audit'}
      queryOptions={quietRefresh}
    >
      <CaseDataTable bulkActionButtons={bulk} />
    </List>
  );
};
