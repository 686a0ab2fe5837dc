import { Box, Typography } from '@mui/material';
import { DataTable, List, SelectInput, TextInput } from 'react-admin';
import { NOTIFICATION_STATUSES } from '@sentinel/contracts';
import type { NotificationRow } from './types';
import { enumChoices, useEnumLabel } from '../common/labels';
import { NotificationStatusChip } from '../common/chips';
import { DateTimeText } from '../common/DateTime';
import { AttemptsTable, RetryNotificationButton } from './NotificationParts';
import { BankCodeInput } from '../common/inputs';
import { CaseLink } from '../common/CaseLink';

/** Filters of GET /api/notifications (docs/api.md): status, bankCode, caseId. */
const filters = [
  <SelectInput key="status" source="status" choices={enumChoices('notificationStatus', NOTIFICATION_STATUSES)} alwaysOn />,
  <BankCodeInput key="bankCode" source="bankCode" alwaysOn />,
  <TextInput key="caseId" source="caseId" />,
];

const Col = DataTable.Col<NotificationRow>;

export const NotificationList = () => {
  const label = useEnumLabel();
  return (
    <List filters={filters} sort={{ field: 'createdAt', order: 'DESC' }} perPage={25} exporter={false}>
      <DataTable<NotificationRow>
        bulkActionButtons={false}
        size="small"
        expand={({ record }) => (
          <Box sx={{ py: 1 }}>
            <AttemptsTable notification={record} />
          </Box>
        )}
        rowSx={(r) => (r.status === 'dead' ? { boxShadow: 'inset 3px 0 0 #c62828' } : {})}
      >
        <Col source="createdAt" render={(r) => <DateTimeText value={r.createdAt} />} />
        <Col source="type" disableSort render={(r) => label('notificationType', r.type)} />
        <Col
          source="caseReference"
          disableSort
          render={(r) => (
            <CaseLink id={r.caseId} inRow>
              {r.caseReference ?? r.caseId.slice(0, 8)}
            </CaseLink>
          )}
        />
        <Col source="bankCode" disableSort />
        <Col source="status" disableSort render={(r) => <NotificationStatusChip status={r.status} />} />
        <Col source="attemptCount" disableSort render={(r) => r.attemptCount ?? r.attempts?.length ?? 0} />
        <Col
          source="lastError"
          disableSort
          render={(r) => (
            <Typography variant="caption" sx={{ maxWidth: 260, display: 'block', wordBreak: 'break-word' }}>
              {r.lastStatusCode ? `HTTP ${r.lastStatusCode} ` : ''}
              {r.lastError ?? ''}
            </Typography>
          )}
        />
        <Col source="nextAttemptAt" disableSort render={(r) => (r.status === 'pending' || r.status === 'delivering' ? <DateTimeText value={r.nextAttemptAt ?? null} /> : '')} />
        <Col disableSort label="" render={(r) => <RetryNotificationButton notification={r} />} />
      </DataTable>
    </List>
  );
};
