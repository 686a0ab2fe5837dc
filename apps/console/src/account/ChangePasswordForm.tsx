import { useState, type FormEvent } from 'react';
import { Alert, Box, Button, CircularProgress, TextField, Typography } from '@mui/material';
import { useNotify, useTranslate } from 'react-admin';
import { accountApi } from './accountApi';
import { problemFieldErrors, problemMessage } from '../problem/problemMessage';

/** Current + new password (twice). The API checks the policy and ends the other sessions. */
export const ChangePasswordForm = ({ onChanged }: { onChanged?: () => void }) => {
  const t = useTranslate();
  const notify = useNotify();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const mismatch = repeat !== '' && next !== repeat;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (mismatch) return;
    setBusy(true);
    setError(null);
    setFields({});
    try {
      await accountApi.changePassword({ currentPassword: current, newPassword: next });
      setCurrent('');
      setNext('');
      setRepeat('');
      notify('account.password.changed', { type: 'success' });
      onChanged?.();
    } catch (err) {
      setFields(problemFieldErrors(err) ?? {});
      setError(problemMessage(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box component="form" onSubmit={(e) => void submit(e)} noValidate data-testid="change-password-form" sx={{ display: 'grid', gap: 2, maxWidth: 420 }}>
      <Typography variant="body2" color="text.secondary">
        {t('account.password.hint')}
      </Typography>
      <TextField
        label={t('account.password.current')}
        type="password"
        name="currentPassword"
        autoComplete="current-password"
        required
        value={current}
        onChange={(e) => setCurrent(e.target.value)}
        error={!!fields.currentPassword}
        helperText={fields.currentPassword && t(fields.currentPassword, { _: fields.currentPassword })}
      />
      <TextField
        label={t('account.password.new')}
        type="password"
        name="newPassword"
        autoComplete="new-password"
        required
        value={next}
        onChange={(e) => setNext(e.target.value)}
        error={!!fields.newPassword}
        helperText={fields.newPassword && t(fields.newPassword, { _: fields.newPassword })}
      />
      <TextField
        label={t('account.password.repeat')}
        type="password"
        name="repeatPassword"
        autoComplete="new-password"
        required
        value={repeat}
        onChange={(e) => setRepeat(e.target.value)}
        error={mismatch}
        helperText={mismatch ? t('account.password.mismatch') : undefined}
      />
      {error && (
        <Alert severity="error" role="alert">
          {error}
        </Alert>
      )}
      <Box>
        <Button type="submit" variant="contained" disabled={busy || !current || !next || mismatch || next !== repeat} startIcon={busy ? <CircularProgress size={18} color="inherit" /> : undefined}>
          {busy ? t('account.password.saving') : t('account.password.submit')}
        </Button>
      </Box>
    </Box>
  );
};
