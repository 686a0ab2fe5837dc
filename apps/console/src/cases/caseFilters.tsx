import { ReferenceInput, SelectInput } from 'react-admin';
import { CASE_STATUSES, PRIORITIES, SLA_STATES, STAGES } from '@sentinel/contracts';
import { enumChoices } from '../common/labels';
import { AssigneeFilterInput, BankCodeInput, TranslatedSearchInput, ZonedDateFilterInput } from '../common/inputs';

/**
 * Filters of GET /api/cases (docs/api.md): q, stage, status, priority, slaState, bankCode,
 * assigneeId ("me" / unassigned / a user), teamId, createdFrom, createdTo.
 */
export function caseFilters(opts: { canReadTeams: boolean; withStatus?: boolean; withDates?: boolean }) {
  return [
    <TranslatedSearchInput key="q" source="q" alwaysOn placeholder="resources.cases.fields.q" sx={{ minWidth: 280 }} />,
    <SelectInput key="stage" source="stage" choices={enumChoices('stage', STAGES)} alwaysOn />,
    <SelectInput key="priority" source="priority" choices={enumChoices('priority', PRIORITIES)} alwaysOn />,
    <SelectInput key="slaState" source="slaState" choices={enumChoices('slaState', SLA_STATES)} alwaysOn />,
    <AssigneeFilterInput key="assigneeId" source="assigneeId" alwaysOn sx={{ minWidth: 180 }} />,
    <BankCodeInput key="bankCode" source="bankCode" />,
    ...(opts.withStatus ? [<SelectInput key="status" source="status" choices={enumChoices('caseStatus', CASE_STATUSES)} />] : []),
    ...(opts.canReadTeams
      ? [
          <ReferenceInput key="teamId" source="teamId" reference="teams" sort={{ field: 'createdAt', order: 'ASC' }} perPage={200}>
            <SelectInput optionText="name" />
          </ReferenceInput>,
        ]
      : []),
    ...(opts.withDates
      ? [
          <ZonedDateFilterInput key="createdFrom" source="createdFrom" />,
          <ZonedDateFilterInput key="createdTo" source="createdTo" end />,
        ]
      : []),
  ];
}
