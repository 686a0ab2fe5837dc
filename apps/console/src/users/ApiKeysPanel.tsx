import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  MenuItem,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import KeyIcon from '@mui/icons-material/VpnKeyOutlined';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Confirm, useDataProvider, useNotify, useTranslate, type Identifier } from 'react-admin';
import { CHANNELS } from '@sentinel/contracts';
import type { ApiKeyRow, SentinelDataProvider } from '../dataProvider';
import { ShownOnceDialog } from '../common/ShownOnceDialog';
import { useBankChoices } from '../common/inputs';
import { useEnumLabel } from '../common/labels';
import { useFormatters } from '../hooks/useFormatters';
import { useProblemNotify, useProblemText } from '../common/useProblemNotify';

/**
 * API keys of a machine client (role intake): POST /api/users/:id/api-keys returns the key once;
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
        ...(bankCodes.length ? { bankCodes } : {}),
        ...(channels.length ? { channels } : {}),
        ...(expires ? { expiresAt: new Date(expires).toISOString() } : {}),
      });
      setCreating(false);
      setName('');
      setBankCodes([]);
      setChannels([]);
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
        {isPending ? (
          <Typography variant="body2" color="text.secondary">
            {t('app.loading')}
          </Typography>
        ) : error ? (
          <Typography variant="body2" color="error">
            {t('app.load_failed')}
          </Typography>
        ) : !data?.length ? (
          <Typography variant="body2" color="text.secondary">
            {t('resources.users.api_keys.none')}
          </Typography>
        ) : (
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell>{t('resources.users.api_keys.name')}</TableCell>
                <TableCell>{t('resources.users.api_keys.prefix')}</TableCell>
                <TableCell>{t('resources.users.api_keys.bank_codes')}</TableCell>
                <TableCell>{t('resources.users.api_keys.channels')}</TableCell>
                <TableCell>{t('resources.users.api_keys.last_used')}</TableCell>
                <TableCell>{t('resources.users.api_keys.expires')}</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {data.map((k) => {
                const expired = !!k.expiresAt && new Date(k.expiresAt).getTime() <= Date.now();
                return (
                  <TableRow key={k.id} sx={k.revokedAt || expired ? { opacity: 0.55 } : undefined} data-testid={`api-key-${k.id}`}>
                    <TableCell>
                      <Typography variant="body2" sx={{ fontWeight: 600 }}>
                        {k.name}
                      </Typography>
                      <Typography variant="caption" color="text.secondary">
                        {f.dateTime(k.createdAt)}
                      </Typography>
                    </TableCell>
                    <TableCell sx={{ fontFamily: 'monospace' }}>{k.keyPrefix ? `${k.keyPrefix}…` : '—'}</TableCell>
                    <TableCell>{k.bankCodes?.length ? k.bankCodes.join(', ') : '—'}</TableCell>
                    <TableCell>{k.channels?.length ? k.channels.map((c) => label('channel', c)).join(t('app.list_separator')) : '—'}</TableCell>
                    <TableCell>{k.lastUsedAt ? f.dateTime(k.lastUsedAt) : '—'}</TableCell>
                    <TableCell>{k.expiresAt ? f.dateTime(k.expiresAt) : t('resources.users.api_keys.never')}</TableCell>
                    <TableCell align="right">
                      {k.revokedAt ? (
                        <Chip size="small" label={t('resources.users.api_keys.revoked_at', { at: f.dateTime(k.revokedAt) })} />
                      ) : expired ? (
                        <Chip size="small" label={t('resources.users.api_keys.expired_at', { at: f.dateTime(k.expiresAt!) })} />
                      ) : (
                        <Button size="small" color="error" onClick={() => setRevoking(k)}>
                          {t('resources.users.api_keys.revoke')}
                        </Button>
                      )}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        )}
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
          {createError && (
            <Alert severity="error" sx={{ mt: 2 }}>
              {createError}
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setCreating(false)}>{t('app.cancel')}</Button>
          <Button variant="contained" disabled={busy || !name.trim()} onClick={() => void create()}>
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
