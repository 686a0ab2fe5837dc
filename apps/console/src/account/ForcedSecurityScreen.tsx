import { Alert, Box, Button, Container } from '@mui/material';
import { useLogout, useTranslate } from 'react-admin';
import { Brand } from '../layout/Brand';
import { LocaleSwitcher } from '../layout/LocaleSwitcher';
import { ChangePasswordForm } from './ChangePasswordForm';
import { MfaPanel } from './MfaPanel';
import { Section } from './AccountPage';

/**
 * What a session must do before anything else (the API answers 403 AUTH.PASSWORD_CHANGE_REQUIRED /
 * AUTH.MFA_ENROLMENT_REQUIRED to every other call): change the password an admin set, then enrol a second factor.
 * Shown instead of the console, so no screen fires calls that would be refused.
 */
export const ForcedSecurityScreen = ({ mustChangePassword, onDone }: { mustChangePassword: boolean; onDone: () => void }) => {
  const t = useTranslate();
  const logout = useLogout();
  return (
    <Box sx={{ minHeight: '100vh', bgcolor: '#f4f6fa' }} data-testid="forced-security">
      <Box sx={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', px: 3, py: 1.5, bgcolor: 'secondary.main', color: '#fff' }}>
        <Brand />
        <Box sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
          <LocaleSwitcher />
          <Button color="inherit" onClick={() => void logout()}>
            {t('account.logout')}
          </Button>
        </Box>
      </Box>
      <Container maxWidth="sm" sx={{ py: 4, display: 'grid', gap: 2 }}>
        {mustChangePassword ? (
          <Section title={t('account.password.title')}>
            <Alert severity="info">{t('account.password.forced')}</Alert>
            <ChangePasswordForm onChanged={onDone} />
          </Section>
        ) : (
          <Section title={t('account.mfa.title')}>
            <Alert severity="info">{t('account.mfa.forced')}</Alert>
            <MfaPanel enabled={false} onChanged={onDone} />
          </Section>
        )}
      </Container>
    </Box>
  );
};
