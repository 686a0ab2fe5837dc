import { useState, type FormEvent } from 'react';
import { Alert, Box, Button, Card, CardContent, CircularProgress, TextField, Typography } from '@mui/material';
import LockIcon from '@mui/icons-material/LockOutlined';
import { useLogin, useTranslate } from 'react-admin';
import { Brand } from './Brand';
import { LocaleSwitcher, useHtmlLang } from './LocaleSwitcher';
import { problemMessage } from '../problem/problemMessage';
import { problemCode, problemStatus } from '../problem/problem';
import { LOGIN_COOKIE_REFUSED } from '../authProvider';

export const LoginPage = () => {
  useHtmlLang();
  const t = useTranslate();
  const login = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [otp, setOtp] = useState('');
  /** Second step: the password was right, the account has a second factor (401 AUTH.MFA_REQUIRED). */
  const [needsOtp, setNeedsOtp] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login({ email: email.trim(), password, ...(needsOtp ? { otp: otp.trim() } : {}) });
    } catch (err) {
      if (problemCode(err) === 'AUTH.MFA_REQUIRED') {
        setNeedsOtp(true);
      } else if (err instanceof Error && err.message === LOGIN_COOKIE_REFUSED) {
        setError(t(LOGIN_COOKIE_REFUSED));
      } else {
        setError(problemStatus(err) === 401 ? t(needsOtp ? 'app.login.otp_failed' : 'app.login.failed') : problemMessage(err, t));
      }
      setBusy(false);
    }
  };
  const back = () => {
    setNeedsOtp(false);
    setOtp('');
    setPassword('');
    setError(null);
  };

  return (
    <Box sx={{ minHeight: '100vh', display: 'flex', bgcolor: '#f4f6fa' }}>
      <Box
        sx={{
          flex: '0 0 42%',
          display: { xs: 'none', md: 'flex' },
          flexDirection: 'column',
          justifyContent: 'space-between',
          p: 6,
          color: '#fff',
          background: 'linear-gradient(155deg, #14213d 0%, #1f3a68 60%, #24528f 100%)',
        }}
      >
        <Brand size="large" />
        <Box>
          <Typography variant="h4" sx={{ fontWeight: 700, lineHeight: 1.25, mb: 2, maxWidth: 440 }}>
            {t('app.tagline')}
          </Typography>
          <Box component="ol" sx={{ pl: 2.5, m: 0, opacity: 0.85, '& li': { mb: 0.75 } }}>
            {(['freeze', 'police_report', 'merchant_contact', 'evidence', 'review'] as const).map((s) => (
              <li key={s}>
                <Typography variant="body1">{t(`enums.stage.${s}`)}</Typography>
              </li>
            ))}
          </Box>
        </Box>
        <Typography variant="caption" sx={{ opacity: 0.7 }}>
          {t('app.login.footer')}
        </Typography>
      </Box>
      <Box sx={{ flex: 1, display: 'flex', flexDirection: 'column' }}>
        <Box sx={{ display: 'flex', justifyContent: 'flex-end', p: 2 }}>
          <LocaleSwitcher color="primary" />
        </Box>
        <Box sx={{ flex: 1, display: 'flex', alignItems: 'center', justifyContent: 'center', p: 2 }}>
          <Card sx={{ width: '100%', maxWidth: 400 }}>
            <CardContent sx={{ p: 4 }}>
              <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5, mb: 3 }}>
                <Box sx={{ bgcolor: 'primary.main', color: '#fff', borderRadius: '50%', width: 40, height: 40, display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
                  <LockIcon fontSize="small" />
                </Box>
                <Box>
                  <Typography variant="h6" component="h1">
                    {t('app.login.title')}
                  </Typography>
                  <Typography variant="body2" color="text.secondary">
                    {t('app.login.subtitle')}
                  </Typography>
                </Box>
              </Box>
              <form onSubmit={(e) => void submit(e)} noValidate>
                {needsOtp ? (
                  <>
                    <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
                      {t('app.login.otp_hint')}
                    </Typography>
                    <TextField
                      label={t('app.login.otp')}
                      name="otp"
                      autoComplete="one-time-code"
                      autoFocus
                      fullWidth
                      required
                      value={otp}
                      onChange={(e) => setOtp(e.target.value)}
                      sx={{ mb: 2 }}
                      slotProps={{ htmlInput: { inputMode: 'text', maxLength: 16, 'data-testid': 'login-otp' } }}
                    />
                  </>
                ) : (
                  <>
                    <TextField
                      label={t('app.login.email')}
                      type="email"
                      name="email"
                      autoComplete="username"
                      autoFocus
                      fullWidth
                      required
                      value={email}
                      onChange={(e) => setEmail(e.target.value)}
                      sx={{ mb: 2 }}
                      size="medium"
                    />
                    <TextField
                      label={t('app.login.password')}
                      type="password"
                      name="password"
                      autoComplete="current-password"
                      fullWidth
                      required
                      value={password}
                      onChange={(e) => setPassword(e.target.value)}
                      sx={{ mb: 2 }}
                      size="medium"
                    />
                  </>
                )}
                {error && (
                  <Alert severity="error" sx={{ mb: 2 }} role="alert">
                    {error}
                  </Alert>
                )}
                <Button
                  type="submit"
                  variant="contained"
                  size="large"
                  fullWidth
                  disabled={busy || !email || !password || (needsOtp && !otp.trim())}
                  startIcon={busy ? <CircularProgress size={18} color="inherit" /> : undefined}
                >
                  {busy ? t('app.login.signing_in') : needsOtp ? t('app.login.verify') : t('app.login.submit')}
                </Button>
                {needsOtp && (
                  <Button fullWidth sx={{ mt: 1 }} onClick={back}>
                    {t('app.login.otp_back')}
                  </Button>
                )}
              </form>
            </CardContent>
          </Card>
        </Box>
      </Box>
    </Box>
  );
};
