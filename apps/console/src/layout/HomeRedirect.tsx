import { Card, CardContent, Typography } from '@mui/material';
import { Loading, Navigate, Title, useGetIdentity, useTranslate } from 'react-admin';
import { usePerms } from '../common/usePerms';

/** The home page depends on what the user does: analysts and supervisors land on My work, auditors on cases. */
export const HomeRedirect = () => {
  const { can, isPending } = usePerms();
  const { identity } = useGetIdentity();
  const t = useTranslate();
  if (isPending) return <Loading />;
  const target = can('cases:act')
    ? '/my-work'
    : can('cases:read')
        ? '/cases'
        : can('users:manage')
          ? '/users'
          : can('settings:read')
            ? '/teams'
            : null;
  if (target) return <Navigate to={target} replace />;
  return (
    <Card sx={{ mt: 2 }}>
      <Title title={t('app.home.welcome', { name: identity?.fullName ?? '' })} />
      <CardContent>
        <Typography>{t('app.home.no_screens')}</Typography>
      </CardContent>
    </Card>
  );
};
