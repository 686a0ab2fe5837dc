import { ListSubheader } from '@mui/material';
import DashboardIcon from '@mui/icons-material/SpaceDashboardOutlined';
import HomeIcon from '@mui/icons-material/HomeWorkOutlined';
import ReviewIcon from '@mui/icons-material/FactCheckOutlined';
import NewReportIcon from '@mui/icons-material/AddIcCallOutlined';
import AuditIcon from '@mui/icons-material/VerifiedUserOutlined';
import ImportIcon from '@mui/icons-material/DriveFolderUploadOutlined';
import { Menu as RaMenu, useSidebarState, useTranslate } from 'react-admin';
import { usePerms } from '../common/usePerms';
import { IMPORT_PERMISSION } from '../accessControl';
import { QueueBoardMenuItem } from './QueueBoardMenuItem';

const Section = ({ label }: { label: string }) => {
  const [open] = useSidebarState();
  if (!open) return null;
  return (
    <ListSubheader
      disableSticky
      sx={{ bgcolor: 'transparent', lineHeight: '32px', mt: 1.5, fontSize: '0.7rem', fontWeight: 700, letterSpacing: '0.08em', textTransform: 'uppercase', color: 'text.secondary' }}
    >
      {label}
    </ListSubheader>
  );
};

/** Menu items follow the permissions of GET /api/auth/me (resource items check canAccess themselves). */
export const AppMenu = () => {
  const { can } = usePerms();
  const t = useTranslate();
  const works = can('cases:read');
  const administers = can('users:read') || can('users:manage') || can('banks:manage') || can('sla:manage') || can('teams:manage');
  return (
    <RaMenu>
      {works && <Section label={t('app.menu.work')} />}
      {can('cases:act') && <RaMenu.Item to="/my-work" primaryText={t('my_work.title')} leftIcon={<HomeIcon />} />}
      {can('cases:supervise') && <RaMenu.Item to="/awaiting-review" primaryText={t('review.awaiting')} leftIcon={<ReviewIcon />} />}
      {can('cases:act') && can('reports:create') && <RaMenu.Item to="/reports/create" primaryText={t('intake.new')} leftIcon={<NewReportIcon />} />}
      {can('sla:read') && <RaMenu.Item to="/dashboard" primaryText={t('app.menu.dashboard')} leftIcon={<DashboardIcon />} />}
      {works && <RaMenu.ResourceItem name="queues" />}
      {works && <RaMenu.ResourceItem name="cases" />}
      {works && <RaMenu.ResourceItem name="reports" />}
      {works && <RaMenu.ResourceItem name="terminals" />}
      {works && <RaMenu.ResourceItem name="notifications" />}
      {works && <RaMenu.ResourceItem name="alerts" />}
      {can('cases:supervise') && <RaMenu.ResourceItem name="watchlist" />}
      {can('audit:export') && <RaMenu.Item to="/audit" primaryText={t('audit.menu')} leftIcon={<AuditIcon />} />}
      {administers && <Section label={t('app.menu.admin')} />}
      {administers && !works && <RaMenu.ResourceItem name="queues" />}
      {administers && <RaMenu.ResourceItem name="users" />}
      {administers && <RaMenu.ResourceItem name="teams" />}
      {administers && <RaMenu.ResourceItem name="banks" />}
      {administers && <RaMenu.ResourceItem name="sla-policies" />}
      {administers && <RaMenu.ResourceItem name="calendars" />}
      {administers && <RaMenu.ResourceItem name="api-keys" />}
      {can(IMPORT_PERMISSION) && <RaMenu.Item to="/imports" primaryText={t('imports.menu')} leftIcon={<ImportIcon />} data-testid="menu-imports" />}
      {can('users:manage') && <QueueBoardMenuItem />}
      {!works && <RaMenu.ResourceItem name="alerts" />}
    </RaMenu>
  );
};
