import { useEffect, useState } from 'react';
import { Box, Button, Card, CardContent, CircularProgress, TextField, Typography } from '@mui/material';
import SendIcon from '@mui/icons-material/Send';
import { useDataProvider, useNotify, useTranslate } from 'react-admin';
import { useQueryClient } from '@tanstack/react-query';
import { ROBOT_CHANNELS, type AlertChannel, type AlertDeliveryView, type AlertPreferencesView, type RobotChannel } from '@sentinel/contracts';
import type { SentinelDataProvider } from '../dataProvider';
import { useProblemNotify } from '../common/useProblemNotify';
import { DeliveryStatus } from './AlertDeliveriesCard';
import { ALERT_DELIVERIES_KEY, ALERT_PREFERENCES_KEY } from './keys';

const PLACEHOLDERS: Record<RobotChannel, string> = {
  wecom: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…',
  dingtalk: 'https://oapi.dingtalk.com/robot/send?access_token=…',
  feishu: 'https://open.feishu.cn/open-apis/bot/v2/hook/…',
  webhook: 'https://hooks.example.com/sentinel',
};

/** Follows a test delivery until the worker sent it or gave up (every 1 s, at most 2 min). */
function useTestDelivery() {
  const dp = useDataProvider<SentinelDataProvider>();
  const queryClient = useQueryClient();
  const [state, setState] = useState<Partial<Record<AlertChannel, AlertDeliveryView>>>({});
  const follow = (d: AlertDeliveryView) => {
    setState((s) => ({ ...s, [d.channel]: d }));
    const started = Date.now();
    const tick = async () => {
      const [now] = await dp.alertDeliveries([d.id]).catch(() => [] as AlertDeliveryView[]);
      if (now) setState((s) => ({ ...s, [d.channel]: now }));
      const settled = now && (now.status === 'delivered' || now.status === 'dead' || (now.attemptCount > 0 && now.lastError));
      if (settled || Date.now() - started > 120_000) void queryClient.invalidateQueries({ queryKey: ALERT_DELIVERIES_KEY });
      else setTimeout(() => void tick(), 1000);
    };
    setTimeout(() => void tick(), 500);
  };
  return { tests: state, follow };
}

export const RobotChannelsCard = ({ prefs }: { prefs: AlertPreferencesView }) => {
  const t = useTranslate();
  const dp = useDataProvider<SentinelDataProvider>();
  const notifyProblem = useProblemNotify();
  const { tests, follow } = useTestDelivery();
  const sendTest = (c: AlertChannel) => dp.testAlertChannel(c).then(follow, notifyProblem);
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="h6" gutterBottom>
          {t('app.alert_prefs.robots_title')}
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          {t('app.alert_prefs.robots_help')}
        </Typography>
        {prefs.email.available && (
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mb: 2 }}>
            <Typography sx={{ minWidth: 120, fontWeight: 600 }}>{t('app.alert_prefs.channel.email')}</Typography>
            <Typography variant="body2" sx={{ flex: 1 }}>{prefs.email.address}</Typography>
            <TestButton channel="email" onTest={sendTest} result={tests.email} />
          </Box>
        )}
        {ROBOT_CHANNELS.map((c) => (
          <RobotRow key={c} channel={c} prefs={prefs} onTest={sendTest} result={tests[c]} />
        ))}
      </CardContent>
    </Card>
  );
};

const TestButton = ({ channel, onTest, result, disabled, compact }: { channel: AlertChannel; onTest: (c: AlertChannel) => Promise<unknown>; result?: AlertDeliveryView; disabled?: boolean; compact?: boolean }) => {
  const t = useTranslate();
  const [busy, setBusy] = useState(false);
  const running = busy || (result && (result.status === 'pending' || result.status === 'delivering') && !result.lastError);
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap', minWidth: compact ? 0 : 300 }}>
      <Button
        size="small"
        variant="outlined"
        disabled={disabled || !!running}
        startIcon={running ? <CircularProgress size={14} /> : <SendIcon />}
        onClick={() => {
          setBusy(true);
          void onTest(channel).finally(() => setBusy(false));
        }}
        data-testid={`test-${channel}`}
      >
        {t('app.alert_prefs.send_test')}
      </Button>
      {result && <DeliveryStatus d={result} testId={`test-result-${channel}`} />}
    </Box>
  );
};

const RobotRow = ({ channel, prefs, onTest, result }: { channel: RobotChannel; prefs: AlertPreferencesView; onTest: (c: AlertChannel) => Promise<unknown>; result?: AlertDeliveryView }) => {
  const t = useTranslate();
  const dp = useDataProvider<SentinelDataProvider>();
  const notify = useNotify();
  const notifyProblem = useProblemNotify();
  const queryClient = useQueryClient();
  const stored = prefs.robots.find((r) => r.channel === channel);
  const [url, setUrl] = useState('');
  const [secret, setSecret] = useState('');
  const [saving, setSaving] = useState(false);
  useEffect(() => setSecret(''), [stored?.updatedAt]);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ALERT_PREFERENCES_KEY });

  const save = async () => {
    setSaving(true);
    try {
      await dp.saveAlertRobot(channel, { url: url.trim(), ...(secret.trim() ? { secret: secret.trim() } : {}) });
      setUrl('');
      notify('app.alert_prefs.robot_saved', { type: 'success' });
      await refresh();
    } catch (e) {
      notifyProblem(e);
    } finally {
      setSaving(false);
    }
  };
  const remove = async () => {
    try {
      await dp.removeAlertRobot(channel);
      await refresh();
    } catch (e) {
      notifyProblem(e);
    }
  };
  const signed = channel !== 'wecom';
  return (
    <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: '110px minmax(240px, 2fr) minmax(160px, 1fr) 150px 260px' }, alignItems: 'start', gap: 2, mb: 1 }} data-testid={`robot-${channel}`}>
      <Typography sx={{ fontWeight: 600, pt: 1 }}>{t(`app.alert_prefs.channel.${channel}`)}</Typography>
      <TextField
        size="small"
        label={t('app.alert_prefs.url')}
        value={url}
        onChange={(e) => setUrl(e.target.value)}
        placeholder={stored ? stored.urlHint : PLACEHOLDERS[channel]}
        helperText={stored ? t('app.alert_prefs.url_stored', { hint: stored.urlHint }) : ' '}
        slotProps={{ htmlInput: { 'data-testid': `robot-url-${channel}` } }}
      />
      {!signed && <Box />}
      {signed && (
        <TextField
          size="small"
          type="password"
          label={t(channel === 'webhook' ? 'app.alert_prefs.secret_webhook' : 'app.alert_prefs.secret')}
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
          helperText={stored?.secretSet ? t('app.alert_prefs.secret_stored') : ' '}
          autoComplete="new-password"
          slotProps={{ htmlInput: { 'data-testid': `robot-secret-${channel}` } }}
        />
      )}
      <Box sx={{ display: 'flex', gap: 1, pt: 0.5 }}>
        <Button size="small" variant="contained" disabled={saving || !url.trim()} onClick={() => void save()} startIcon={saving ? <CircularProgress size={14} /> : undefined} data-testid={`robot-save-${channel}`}>
          {t('ra.action.save')}
        </Button>
        {stored && (
          <Button size="small" color="error" onClick={() => void remove()} data-testid={`robot-remove-${channel}`}>
            {t('ra.action.delete')}
          </Button>
        )}
      </Box>
      <Box sx={{ pt: 0.5 }}>
        <TestButton channel={channel} onTest={onTest} result={result} disabled={!stored} compact />
      </Box>
    </Box>
  );
};
