import { Box, Divider, IconButton, ListItemIcon, ListItemText, MenuItem, Tooltip, Typography, useMediaQuery, type Theme } from '@mui/material';
import PublicIcon from '@mui/icons-material/Public';
import KeyboardIcon from '@mui/icons-material/KeyboardOutlined';
import NotificationsActiveIcon from '@mui/icons-material/NotificationsActiveOutlined';
import AccountIcon from '@mui/icons-material/ManageAccountsOutlined';
import { useNavigate } from 'react-router-dom';
import { AppBar as RaAppBar, Logout, TitlePortal, UserMenu, useGetIdentity, useTranslate, useUserMenu } from 'react-admin';
import { usePerms } from '../common/usePerms';
import { Brand } from './Brand';
import { LocaleSwitcher } from './LocaleSwitcher';
import { AlertBell } from './AlertBell';
import { useTimeZone } from '../hooks/useFormatters';
import { describeTimeZone } from '../format/formatters';
import { QuietLoadingIndicator } from './QuietLoadingIndicator';
import { useShortcutsApi } from '../shortcuts/ShortcutsProvider';

const ShortcutsButton = () => {
  const api = useShortcutsApi();
  const t = useTranslate();
  if (!api) return null;
  return (
    <Tooltip title={t('shortcuts.open')}>
      <IconButton color="inherit" onClick={() => api.openHelp()} aria-label={t('shortcuts.open')} data-testid="shortcuts-button">
        <KeyboardIcon />
      </IconButton>
    </Tooltip>
  );
};

const Toolbar = () => (
  <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.5 }}>
    <AlertBell />
    <ShortcutsButton />
    <LocaleSwitcher />
    <QuietLoadingIndicator />
  </Box>
);

/** Profile → Alert preferences (everyone who receives alerts). */
const AlertPreferencesItem = () => {
  const t = useTranslate();
  const navigate = useNavigate();
  const menu = useUserMenu();
  const { can } = usePerms();
  if (!can('alerts:read')) return null;
  return (
    <MenuItem
      onClick={() => {
        menu?.onClose();
        navigate('/alert-preferences');
      }}
      data-testid="menu-alert-preferences"
    >
      <ListItemIcon>
        <NotificationsActiveIcon fontSize="small" />
      </ListItemIcon>
      <ListItemText primary={t('app.alert_prefs.title')} />
    </MenuItem>
  );
};

const AccountMenuItem = () => {
  const t = useTranslate();
  const navigate = useNavigate();
  const menu = useUserMenu();
  return (
    <MenuItem
      onClick={() => {
        menu?.onClose();
        navigate('/account');
      }}
      data-testid="account-menu-item"
    >
      <ListItemIcon>
        <AccountIcon fontSize="small" />
      </ListItemIcon>
      <ListItemText primary={t('account.menu')} />
    </MenuItem>
  );
};

const AppUserMenu = () => {
  const { identity } = useGetIdentity();
  const t = useTranslate();
  const tz = useTimeZone();
  const role = (identity as { role?: string } | undefined)?.role;
  return (
    <UserMenu>
      <MenuItem disabled sx={{ opacity: '1 !important', display: 'block', minWidth: 240 }}>
        <Typography variant="body2" sx={{ fontWeight: 600 }}>
          {identity?.fullName}
        </Typography>
        <Typography variant="caption" color="text.secondary">
          {(identity as { email?: string } | undefined)?.email}
          {role ? ` · ${t(`enums.role.${role}`, { _: role })}` : ''}
        </Typography>
      </MenuItem>
      <MenuItem disabled sx={{ opacity: '1 !important' }}>
        <ListItemIcon>
          <PublicIcon fontSize="small" />
        </ListItemIcon>
        <ListItemText primary={t('app.time_zone')} secondary={describeTimeZone(tz)} />
      </MenuItem>
      <AccountMenuItem />
      <AlertPreferencesItem />
      <Divider />
      <Logout />
    </UserMenu>
  );
};

export const AppBar = () => {
  const isSmall = useMediaQuery<Theme>((theme) => theme.breakpoints.down('md'));
  return (
    <RaAppBar color="secondary" toolbar={<Toolbar />} userMenu={<AppUserMenu />}>
      {!isSmall && <Brand />}
      <TitlePortal variant="body1" sx={{ fontWeight: 500, opacity: 0.9 }} />
    </RaAppBar>
  );
};
