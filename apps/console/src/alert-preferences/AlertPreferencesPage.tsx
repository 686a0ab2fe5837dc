import { useEffect, useState } from 'react';
import { Box, Button, Card, CardContent, Checkbox, CircularProgress, MenuItem, Table, TableBody, TableCell, TableHead, TableRow, TextField, Tooltip, Typography } from '@mui/material';
import SaveIcon from '@mui/icons-material/Save';
import { Loading, Title, useDataProvider, useNotify, useTranslate } from 'react-admin';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ALERT_CHANNELS, DIGEST_MINUTES, type AlertChannel, type AlertPreferencesView, type AlertRoute } from '@sentinel/contracts';
import type { SentinelDataProvider } from '../dataProvider';
import { useEnumLabel } from '../common/labels';
import { useProblemNotify } from '../common/useProblemNotify';
import { RobotChannelsCard } from './RobotChannelsCard';
import { AlertDeliveriesCard } from './AlertDeliveriesCard';
import { ALERT_PREFERENCES_KEY } from './keys';


/** Profile → Alert preferences: which alert types also go to e-mail and chat robots, the digest window, the robots. */
export const AlertPreferencesPage = () => {
  const t = useTranslate();
  const dp = useDataProvider<SentinelDataProvider>();
  const { data, isPending } = useQuery({ queryKey: ALERT_PREFERENCES_KEY, queryFn: () => dp.getAlertPreferences() });
  if (isPending || !data) return <Loading />;
  return (
    <Box sx={{ display: 'grid', gap: 2, mt: 1, maxWidth: 1100 }} data-testid="alert-preferences">
      <Title title={t('app.alert_prefs.title')} />
      <Typography variant="body2" color="text.secondary">
        {t('app.alert_prefs.intro')}
      </Typography>
      <RoutesCard prefs={data} />
      <RobotChannelsCard prefs={data} />
      <AlertDeliveriesCard />
    </Box>
  );
};

function usable(prefs: AlertPreferencesView, c: AlertChannel): boolean {
  return c === 'email' ? prefs.email.available : prefs.robots.some((r) => r.channel === c);
}

const RoutesCard = ({ prefs }: { prefs: AlertPreferencesView }) => {
  const t = useTranslate();
  const label = useEnumLabel();
  const dp = useDataProvider<SentinelDataProvider>();
  const notify = useNotify();
  const notifyProblem = useProblemNotify();
  const queryClient = useQueryClient();
  const [routes, setRoutes] = useState<AlertRoute[]>(prefs.routes);
  const [digest, setDigest] = useState(prefs.digestMinutes);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    setRoutes(prefs.routes);
    setDigest(prefs.digestMinutes);
  }, [prefs]);

  const toggle = (type: string, c: AlertChannel) =>
    setRoutes((rs) => rs.map((r) => (r.type !== type ? r : { ...r, channels: r.channels.includes(c) ? r.channels.filter((x) => x !== c) : [...r.channels, c] })));

  const save = async () => {
    setSaving(true);
    try {
      const saved = await dp.saveAlertPreferences({ digestMinutes: digest, routes });
      queryClient.setQueryData(ALERT_PREFERENCES_KEY, saved);
      notify('app.alert_prefs.saved', { type: 'success' });
    } catch (e) {
      notifyProblem(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="h6" gutterBottom>
          {t('app.alert_prefs.routes_title')}
        </Typography>
        <Table size="small" data-testid="alert-routes">
          <TableHead>
            <TableRow>
              <TableCell>{t('app.alert_prefs.alert_type')}</TableCell>
              <TableCell align="center">{t('app.alert_prefs.channel.console')}</TableCell>
              {ALERT_CHANNELS.map((c) => (
                <TableCell key={c} align="center">
                  {t(`app.alert_prefs.channel.${c}`)}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {routes.map((r) => (
              <TableRow key={r.type}>
                <TableCell>{label('alertType', r.type)}</TableCell>
                <TableCell align="center">
                  <Checkbox size="small" checked disabled slotProps={{ input: { 'aria-label': `${r.type} console` } }} />
                </TableCell>
                {ALERT_CHANNELS.map((c) => {
                  const ok = usable(prefs, c);
                  const box = (
                    <Checkbox
                      size="small"
                      checked={r.channels.includes(c)}
                      disabled={!ok && !r.channels.includes(c)}
                      onChange={() => toggle(r.type, c)}
                      slotProps={{ input: { 'aria-label': `${r.type} ${c}` } }}
                      data-testid={`route-${r.type}-${c}`}
                    />
                  );
                  return (
                    <TableCell key={c} align="center">
                      {ok ? box : <Tooltip title={t(c === 'email' ? 'app.alert_prefs.email_unavailable' : 'app.alert_prefs.robot_missing')}><span>{box}</span></Tooltip>}
                    </TableCell>
                  );
                })}
              </TableRow>
            ))}
          </TableBody>
        </Table>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mt: 2, flexWrap: 'wrap' }}>
          <TextField
            select
            size="small"
            label={t('app.alert_prefs.digest')}
            value={digest}
            onChange={(e) => setDigest(Number(e.target.value))}
            sx={{ minWidth: 260 }}
            helperText={t('app.alert_prefs.digest_help')}
            slotProps={{ select: { SelectDisplayProps: { 'data-testid': 'digest-select' } as object } }}
          >
            {DIGEST_MINUTES.map((m) => (
              <MenuItem key={m} value={m}>
                {m === 0 ? t('app.alert_prefs.digest_off') : t('app.alert_prefs.digest_minutes', { smart_count: m })}
              </MenuItem>
            ))}
          </TextField>
          <Box sx={{ flex: 1 }} />
          <Button variant="contained" onClick={() => void save()} disabled={saving} startIcon={saving ? <CircularProgress size={16} /> : <SaveIcon />} data-testid="save-alert-preferences">
            {t('ra.action.save')}
          </Button>
        </Box>
        <Typography variant="caption" color="text.secondary" sx={{ display: 'block', mt: 1 }}>
          {prefs.email.available ? t('app.alert_prefs.email_to', { address: prefs.email.address }) : t('app.alert_prefs.email_unavailable')}
        </Typography>
      </CardContent>
    </Card>
  );
};
