import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Checkbox,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  MenuItem,
  TextField,
  Typography,
} from '@mui/material';
import KeyIcon from '@mui/icons-material/VpnKeyOutlined';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Confirm, useDataProvider, useNotify, useTranslate, type Identifier } from 'react-admin';
import { CHANNELS } from '@sentinel/contracts';
import type { ApiKeyRow, SentinelDataProvider } from '../dataProvider';
import { ShownOnceDialog } from '../common/ShownOnceDialog';
import { SimpleTable } from '../common/SimpleTable';
import { useBankChoices } from '../common/inputs';
import { useEnumLabel } from '../common/labels';
import { useFormatters } from '../hooks/useFormatters';
import { useProblemNotify, useProblemText } from '../common/useProblemNotify';
import { LoadState } from '../common/LoadState';

const expired = (k: ApiKeyRow) => !!k.expiresAt && new Date(k.expiresAt).getTime() <= Date.now();

/**
 * API keys of a machine client (role intake): POST /api/users/:id/api-keys (banks, channels and autoFreeze) returns
 * the key once; old keys without bindings are flagged (they never trigger the freeze);
 * DELETE /api/api-keys/:id revokes. Listing uses GET /api/users/:id/api-keys.
 */
export const ApiKeysPanel = ({ userId }: { userId: Identifier }) => {
  const t = useTranslate();
  const dp = useDataProvider<SentinelDataProvider>();
  const queryClient = useQueryClient();
  const notify = useNotify();
  const notifyProblem = useProblemNotify();
  const problemText = useProblemText();
  const label = useEnumLabel();
  const f = useFormatters();
  const { choices: banks } = useBankChoices();
  const key = ['users', 'api-keys', String(userId)];
  const { data, isPending, error } = useQuery({ queryKey: key, queryFn: () => dp.listApiKeys(userId), retry: false });
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState('');
  const [bankCodes, setBankCodes] = useState<string[]>([]);
  const [channels, setChannels] = useState<string[]>([]);
  const [autoFreeze, setAutoFreeze] = useState(false);
  /** `datetime-local` input value (the browser's time zone), '' = never expires. */
  const [expires, setExpires] = useState('');
  const [busy, setBusy] = useState(false);
  const [createError, setCreateError] = useState<string | null>(null);
  const [shown, setShown] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<ApiKeyRow | null>(null);

  const create = async () => {
    setBusy(true);
    setCreateError(null);
    try {
      const r = await dp.createApiKey(userId, {
        name: name.trim(),
        bankCodes,
        channels,
        autoFreeze,
        ...(expires ? { expiresAt: new Date(expires).toISOString() } : {}),
      });
      setCreating(false);
      setName('');
      setBankCodes([]);
      setChannels([]);
      setAutoFreeze(false);
      setExpires('');
      setShown(r.key);
      notify('resources.users.api_keys.created', { type: 'success' });
      void queryClient.invalidateQueries({ queryKey: key });
    } catch (e) {
      setCreateError(problemText(e));
    } finally {
      setBusy(false);
    }
  };

  const revoke = async () => {
    if (!revoking) return;
    try {
      await dp.revokeApiKey(revoking.id);
      notify('resources.users.api_keys.revoked', { type: 'success' });
      void queryClient.invalidateQueries({ queryKey: key });
    } catch (e) {
      notifyProblem(e);
    } finally {
      setRevoking(null);
    }
  };

  return (
    <Card sx={{ mt: 2 }}>
      <CardContent>
        <Box sx={{ display: 'flex', alignItems: 'center', mb: 1 }}>
          <Typography variant="h6" sx={{ flex: 1 }}>
            {t('resources.users.api_keys.title')}
          </Typography>
          <Button variant="contained" startIcon={<KeyIcon />} onClick={() => setCreating(true)} data-testid="create-api-key">
            {t('resources.users.api_keys.create')}
          </Button>
        </Box>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
          {t('resources.users.api_keys.help')}
        </Typography>
        <LoadState pending={isPending} error={error} empty={!data?.length} emptyText={t('resources.users.api_keys.none')}>
          {() => (
            <SimpleTable
              rows={data ?? []}
              rowKey={(k) => k.id}
              rowProps={(k) => ({ sx: k.revokedAt || expired(k) ? { opacity: 0.55 } : undefined, 'data-testid': `api-key-${k.id}` })}
              columns={[
                {
                  header: t('resources.users.api_keys.name'),
                  cell: (k) => (
                    <>
                      <Typography variant="body2" sx={{ fontWeight: 600 }}>
                        {k.name}
                      </Typography>
                      <Typography variant="caption" color="text.secondary">
                        {f.dateTime(k.createdAt)}
                      </Typography>
                    </>
                  ),
                },
                { header: t('resources.users.api_keys.prefix'), sx: { fontFamily: 'monospace' }, cell: (k) => (k.keyPrefix ? `${k.keyPrefix}…` : '—') },
                { header: t('resources.users.api_keys.bank_codes'), cell: (k) => (k.bankCodes?.length ? k.bankCodes.join(', ') : '—') },
                { header: t('resources.users.api_keys.channels'), cell: (k) => (k.channels?.length ? k.channels.map((c) => label('channel', c)).join(t('app.list_separator')) : '—') },
                {
                  header: t('resources.users.api_keys.auto_freeze_on'),
                  cell: (k) =>
                    k.bound === false ? (
                      <Chip size="small" color="warning" variant="outlined" label={t('resources.users.api_keys.unbound')} data-testid="api-key-unbound" />
                    ) : k.autoFreeze ? (
                      <Chip size="small" color="primary" variant="outlined" label={t('resources.users.api_keys.auto_freeze_on')} />
                    ) : (
                      '—'
                    ),
                },
                { header: t('resources.users.api_keys.last_used'), cell: (k) => (k.lastUsedAt ? f.dateTime(k.lastUsedAt) : '—') },
                { header: t('resources.users.api_keys.expires'), cell: (k) => (k.expiresAt ? f.dateTime(k.expiresAt) : t('resources.users.api_keys.never')) },
                {
                  align: 'right',
                  cell: (k) =>
                    k.revokedAt ? (
                      <Chip size="small" label={t('resources.users.api_keys.revoked_at', { at: f.dateTime(k.revokedAt) })} />
                    ) : expired(k) ? (
                      <Chip size="small" label={t('resources.users.api_keys.expired_at', { at: f.dateTime(k.expiresAt!) })} />
                    ) : (
                      <Button size="small" color="error" onClick={() => setRevoking(k)}>
                        {t('resources.users.api_keys.revoke')}
                      </Button>
                    ),
                },
              ]}
            />
          )}
        </LoadState>
      </CardContent>
      <Dialog open={creating} onClose={() => setCreating(false)} maxWidth="sm" fullWidth>
        <DialogTitle>{t('resources.users.api_keys.create')}</DialogTitle>
        <DialogContent>
          <TextField label={t('resources.users.api_keys.name')} value={name} onChange={(e) => setName(e.target.value)} fullWidth required sx={{ mt: 1, mb: 2 }} />
          <TextField
            select
            label={t('resources.users.api_keys.bank_codes')}
            value={bankCodes}
            onChange={(e) => setBankCodes(typeof e.target.value === 'string' ? e.target.value.split(',') : (e.target.value as string[]))}
            slotProps={{ select: { multiple: true } }}
            fullWidth
            required
            helperText={t('resources.users.api_keys.bindings_help')}
            sx={{ mb: 2 }}
          >
            {banks.map((b) => (
              <MenuItem key={b.id} value={b.id}>
                {b.name}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            select
            label={t('resources.users.api_keys.channels')}
            value={channels}
            onChange={(e) => setChannels(typeof e.target.value === 'string' ? e.target.value.split(',') : (e.target.value as string[]))}
            slotProps={{ select: { multiple: true } }}
            fullWidth
            required
          >
            {CHANNELS.map((c) => (
              <MenuItem key={c} value={c}>
                {label('channel', c)}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            type="datetime-local"
            label={t('resources.users.api_keys.expires')}
            helperText={t('resources.users.api_keys.expires_help')}
            value={expires}
            onChange={(e) => setExpires(e.target.value)}
            slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'api-key-expires' } }}
            fullWidth
            sx={{ mt: 2 }}
          />
          <FormControlLabel
            sx={{ mt: 1.5 }}
            control={<Checkbox checked={autoFreeze} onChange={(e) => setAutoFreeze(e.target.checked)} data-testid="api-key-auto-freeze" />}
            label={t('resources.users.api_keys.auto_freeze')}
          />
          <Typography variant="caption" color="text.secondary" component="p">
            {t('resources.users.api_keys.auto_freeze_help')}
          </Typography>
          {createError && (
            <Alert severity="error" sx={{ mt: 2 }}>
              {createError}
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setCreating(false)}>{t('app.cancel')}</Button>
          <Button variant="contained" disabled={busy || !name.trim() || !bankCodes.length || !channels.length} onClick={() => void create()}>
            {t('resources.users.api_keys.create')}
          </Button>
        </DialogActions>
      </Dialog>
      <ShownOnceDialog open={!!shown} title={t('resources.users.api_keys.the_key')} value={shown} onClose={() => setShown(null)} />
      <Confirm
        isOpen={!!revoking}
        title="resources.users.api_keys.revoke"
        content="resources.users.api_keys.revoke_confirm"
        translateOptions={{ name: revoking?.name ?? '' }}
        onConfirm={() => void revoke()}
        onClose={() => setRevoking(null)}
        confirmColor="warning"
      />
    </Card>
  );
};
