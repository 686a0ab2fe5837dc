import { Card, CardContent, Chip, Table, TableBody, TableCell, TableHead, TableRow, Tooltip, Typography } from '@mui/material';
import { useDataProvider, useTranslate } from 'react-admin';
import { useQuery } from '@tanstack/react-query';
import type { AlertDeliveryView } from '@sentinel/contracts';
import type { SentinelDataProvider } from '../dataProvider';
import { DateTimeText } from '../common/DateTime';
import { ALERT_DELIVERIES_KEY } from './keys';


const COLORS = { pending: 'default', delivering: 'info', delivered: 'success', dead: 'error' } as const;

/** A delivery's state: status, attempts, and the last error while it failed. */
export const DeliveryStatus = ({ d, testId }: { d: AlertDeliveryView; testId?: string }) => {
  const t = useTranslate();
  const retrying = d.status === 'pending' && d.attemptCount > 0;
  const chip = (
    <Chip
      size="small"
      color={retrying ? 'warning' : COLORS[d.status]}
      label={retrying ? t('app.alert_prefs.status.retrying', { smart_count: d.attemptCount }) : t(`app.alert_prefs.status.${d.status}`)}
      data-testid={testId}
      data-status={d.status}
    />
  );
  return d.lastError ? (
    <Tooltip title={d.lastError}>
      <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
        {chip}
        <Typography component="span" variant="caption" color="error">
          {d.lastError}
        </Typography>
      </span>
    </Tooltip>
  ) : (
    chip
  );
};

/** The caller's latest deliveries (GET /api/me/alert-deliveries), polled every 10 s while shown. */
export const AlertDeliveriesCard = () => {
  const t = useTranslate();
  const dp = useDataProvider<SentinelDataProvider>();
  const { data = [] } = useQuery({ queryKey: ALERT_DELIVERIES_KEY, queryFn: () => dp.alertDeliveries(), refetchInterval: 10_000, refetchIntervalInBackground: false });
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="h6" gutterBottom>
          {t('app.alert_prefs.deliveries_title')}
        </Typography>
        {data.length === 0 ? (
          <Typography variant="body2" color="text.secondary">
            {t('app.alert_prefs.deliveries_none')}
          </Typography>
        ) : (
          <Table size="small" data-testid="alert-deliveries">
            <TableHead>
              <TableRow>
                <TableCell>{t('app.alert_prefs.when')}</TableCell>
                <TableCell>{t('app.alert_prefs.channel_col')}</TableCell>
                <TableCell>{t('app.alert_prefs.kind_col')}</TableCell>
                <TableCell align="right">{t('app.alert_prefs.alerts_col')}</TableCell>
                <TableCell>{t('app.alert_prefs.status_col')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {data.map((d) => (
                <TableRow key={d.id}>
                  <TableCell>
                    <DateTimeText value={d.createdAt} />
                  </TableCell>
                  <TableCell>{t(`app.alert_prefs.channel.${d.channel}`)}</TableCell>
                  <TableCell>{t(`app.alert_prefs.kind.${d.kind}`)}</TableCell>
                  <TableCell align="right">{d.alertCount}</TableCell>
                  <TableCell>
                    <DeliveryStatus d={d} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
};
