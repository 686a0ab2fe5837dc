import { useState, type FormEvent } from 'react';
import { Alert, Box, Button, CircularProgress, Link, TextField, Typography } from '@mui/material';
import { useNotify, useTranslate } from 'react-admin';
import type { MfaEnrolmentView } from '@sentinel/contracts';
import { accountApi } from './accountApi';
import { problemMessage } from '../problem/problemMessage';

const Busy = ({ on }: { on: boolean }) => (on ? <CircularProgress size={18} color="inherit" /> : undefined);

/** Recovery codes, shown this once: the user says they saved them. */
const RecoveryCodes = ({ codes, onDone }: { codes: string[]; onDone: () => void }) => {
  const t = useTranslate();
  const [copied, setCopied] = useState(false);
  return (
    <Box data-testid="recovery-codes" sx={{ display: 'grid', gap: 1.5 }}>
      <Typography variant="subtitle2">{t('account.mfa.recovery_title')}</Typography>
      <Alert severity="warning">{t('account.mfa.recovery_hint')}</Alert>
      <Box component="ol" sx={{ m: 0, pl: 3, columns: 2, fontFamily: 'monospace', fontSize: 15 }}>
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </Box>
      <Box sx={{ display: 'flex', gap: 1 }}>
        <Button
          variant="outlined"
          onClick={() => {
            void navigator.clipboard?.writeText(codes.join('\n')).then(() => setCopied(true));
          }}
        >
          {copied ? t('account.mfa.copied') : t('account.mfa.copy')}
        </Button>
        <Button variant="contained" onClick={onDone} data-testid="recovery-codes-done">
          {t('account.mfa.recovery_done')}
        </Button>
      </Box>
    </Box>
  );
};

/**
 * The TOTP second factor: set up (the otpauth link and the key for manual entry — no QR library is installed, so no
 * QR code), confirm with a code, recovery codes shown once; or turn it off with the password and a code.
 */
export const MfaPanel = ({ enabled, onChanged }: { enabled: boolean; onChanged: () => void }) => {
  const t = useTranslate();
  const notify = useNotify();
  const [enrolment, setEnrolment] = useState<MfaEnrolmentView | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(problemMessage(err, t));
    } finally {
      setBusy(false);
    }
  };
  const start = () => run(async () => setEnrolment(await accountApi.enrolMfa()));
  const confirm = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const r = await accountApi.confirmMfa(code.trim());
      setCodes(r.recoveryCodes);
      setEnrolment(null);
      setCode('');
    });
  };
  const disable = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await accountApi.disableMfa({ password, otp: code.trim() });
      setPassword('');
      setCode('');
      notify('account.mfa.disabled', { type: 'info' });
      onChanged();
    });
  };
  const errorBox = error && (
    <Alert severity="error" role="alert">
      {error}
    </Alert>
  );

  if (codes) {
    return (
      <RecoveryCodes
        codes={codes}
        onDone={() => {
          setCodes(null);
          notify('account.mfa.enabled', { type: 'success' });
          onChanged();
        }}
      />
    );
  }
  if (enrolment) {
    return (
      <Box component="form" onSubmit={confirm} noValidate data-testid="mfa-enrol-form" sx={{ display: 'grid', gap: 2, maxWidth: 520 }}>
        <Typography variant="body2">{t('account.mfa.scan')}</Typography>
        <Link href={enrolment.otpauthUrl} sx={{ wordBreak: 'break-all' }}>
          {t('account.mfa.link')}
        </Link>
        <TextField
          label={t('account.mfa.secret')}
          value={enrolment.secret}
          slotProps={{ input: { readOnly: true, sx: { fontFamily: 'monospace', letterSpacing: '0.08em' } }, htmlInput: { 'data-testid': 'mfa-secret' } }}
        />
        <TextField
          label={t('account.mfa.code')}
          name="code"
          autoComplete="one-time-code"
          required
          value={code}
          onChange={(e) => setCode(e.target.value)}
          slotProps={{ htmlInput: { inputMode: 'numeric', maxLength: 8 } }}
        />
        {errorBox}
        <Box>
          <Button type="submit" variant="contained" disabled={busy || !code.trim()} startIcon={<Busy on={busy} />}>
            {busy ? t('account.mfa.confirming') : t('account.mfa.confirm')}
          </Button>
        </Box>
      </Box>
    );
  }
  if (!enabled) {
    return (
      <Box sx={{ display: 'grid', gap: 2, justifyItems: 'start' }}>
        <Typography variant="body2" color="text.secondary">
          {t('account.mfa.off')}
        </Typography>
        {errorBox}
        <Button variant="contained" onClick={() => void start()} disabled={busy} startIcon={<Busy on={busy} />} data-testid="mfa-start">
          {busy ? t('account.mfa.starting') : t('account.mfa.start')}
        </Button>
      </Box>
    );
  }
  return (
    <Box component="form" onSubmit={disable} noValidate sx={{ display: 'grid', gap: 2, maxWidth: 420 }}>
      <Typography variant="body2" color="text.secondary">
        {t('account.mfa.on')}
      </Typography>
      <TextField label={t('account.mfa.disable_password')} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
      <TextField label={t('account.mfa.disable_otp')} autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} />
      {errorBox}
      <Box>
        <Button type="submit" variant="outlined" color="error" disabled={busy || !password || !code.trim()} startIcon={<Busy on={busy} />}>
          {busy ? t('account.mfa.disabling') : t('account.mfa.disable')}
        </Button>
      </Box>
    </Box>
  );
};
