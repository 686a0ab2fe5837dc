import { Box, Card, CardContent, Typography } from '@mui/material';
import { EditButton, List, Loading, ShowBase, Title, TopToolbar, useShowContext, useTranslate } from 'react-admin';
import type { TerminalRecord } from '@sentinel/contracts';
import { TerminalDetails } from '../cases/show/TerminalCard';
import { CaseDataTable } from '../cases/CaseDataTable';

const TerminalDetailsPage = () => {
  const { record, isPending } = useShowContext<TerminalRecord>();
  const t = useTranslate();
  if (isPending || !record) return <Loading />;
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2, mt: 1 }}>
      <Title title={`${t('resources.terminals.name', { smart_count: 1 })} ${record.sn}`} />
      <Card>
        <CardContent>
          <Box sx={{ display: 'flex', alignItems: 'center', mb: 1 }}>
            <Typography variant="h5" component="h1" sx={{ flex: 1, fontFamily: 'monospace' }}>
              {record.sn}
            </Typography>
            <TopToolbar sx={{ p: 0, minHeight: 0 }}>
              <EditButton />
            </TopToolbar>
          </Box>
          <TerminalDetails terminal={record} />
        </CardContent>
      </Card>
      <Typography variant="subtitle2">{t('resources.terminals.page.cases')}</Typography>
      <List resource="cases" title={false} filter={{ q: record.sn }} actions={false} sort={{ field: 'createdAt', order: 'DESC' }} perPage={10} exporter={false} disableSyncWithLocation storeKey={`terminal.${record.id}.cases`}>
        <CaseDataTable />
      </List>
    </Box>
  );
};

export const TerminalShow = () => (
  <ShowBase>
    <TerminalDetailsPage />
  </ShowBase>
);
