import type { ReactNode } from 'react';
import { Box, Card, CardContent, Typography } from '@mui/material';
import { Title, useGetIdentity, useTranslate } from 'react-admin';
import { ChangePasswordForm } from './ChangePasswordForm';
import { MfaPanel } from './MfaPanel';
import { SessionsPanel } from './SessionsPanel';
import { loadMe } from '../authProvider';

export const Section = ({ title, children }: { title: string; children: ReactNode }) => (
  <Card>
    <CardContent sx={{ display: 'grid', gap: 2 }}>
      <Typography variant="h6" component="h2">
        {title}
      </Typography>
      {children}
    </CardContent>
  </Card>
);

/** My account: change password, the second factor, my sessions. */
export const AccountPage = () => {
  const t = useTranslate();
  const { identity, refetch } = useGetIdentity();
  const mfaEnabled = !!(identity as { mfaEnabled?: boolean } | undefined)?.mfaEnabled;
  const reload = () => void loadMe(true).then(() => refetch());
  return (
    <Box sx={{ display: 'grid', gap: 2, py: 2, maxWidth: 860 }} data-testid="account-page">
      <Title title={t('account.title')} />
      <Section title={t('account.password.title')}>
        <ChangePasswordForm />
      </Section>
      <Section title={t('account.mfa.title')}>
        <MfaPanel enabled={mfaEnabled} onChanged={reload} />
      </Section>
      <Section title={t('account.sessions.title')}>
        <SessionsPanel />
      </Section>
    </Box>
  );
};
