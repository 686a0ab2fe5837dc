import { Box, Button, IconButton, Tooltip, Typography } from '@mui/material';
import DoneIcon from '@mui/icons-material/Done';
import DoneAllIcon from '@mui/icons-material/DoneAll';
import { DataTable, List, TopToolbar, useTranslate } from 'react-admin';
import { type AlertRow, useAlertMutations } from '../layout/AlertBell';
import { useEnumLabel } from '../common/labels';
import { DateTimeText } from '../common/DateTime';
import { CaseLink } from '../common/CaseLink';

const Actions = () => {
  const t = useTranslate();
  const { markAll } = useAlertMutations();
  return (
    <TopToolbar>
      <Button size="small" startIcon={<DoneAllIcon />} onClick={() => void markAll()}>
        {t('app.alerts.read_all')}
      </Button>
    </TopToolbar>
  );
};

const Col = DataTable.Col<AlertRow>;

/** The caller's alert inbox (GET /api/alerts). */
export const AlertList = () => {
  const label = useEnumLabel();
  const t = useTranslate();
  const { markRead } = useAlertMutations();
  return (
    <List actions={<Actions />} sort={{ field: 'createdAt', order: 'DESC' }} perPage={25} exporter={false}>
      <DataTable<AlertRow> bulkActionButtons={false} size="small" rowSx={(r) => (r.readAt ? { opacity: 0.7 } : { fontWeight: 700 })}>
        <Col source="createdAt" render={(r) => <DateTimeText value={r.createdAt} />} />
        <Col
          source="type"
          disableSort
          render={(r) => (
            <Typography variant="body2" sx={{ fontWeight: r.readAt ? 400 : 700 }}>
              {label('alertType', r.type)}
            </Typography>
          )}
        />
        <Col
          source="caseReference"
          disableSort
          render={(r) =>
            r.caseId ? (
              <CaseLink id={r.caseId}>{r.caseReference ?? r.caseId}</CaseLink>
            ) : (
              '—'
            )
          }
        />
        <Col source="stage" disableSort render={(r) => (r.stage ? label('stage', r.stage) : '—')} />
        <Col source="readAt" disableSort render={(r) => (r.readAt ? <DateTimeText value={r.readAt} /> : '')} />
        <Col
          disableSort
          label=""
          render={(r) =>
            !r.readAt ? (
              <Box sx={{ textAlign: 'right' }}>
                <Tooltip title={t('app.alerts.mark_read')}>
                  <IconButton size="small" onClick={() => void markRead(r.id)} aria-label={t('app.alerts.mark_read')}>
                    <DoneIcon fontSize="small" />
                  </IconButton>
                </Tooltip>
              </Box>
            ) : null
          }
        />
      </DataTable>
    </List>
  );
};
