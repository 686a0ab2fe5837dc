import { useState } from 'react';
import {
  Badge,
  Box,
  Button,
  Divider,
  IconButton,
  List,
  ListItem,
  ListItemButton,
  ListItemText,
  Popover,
  Tooltip,
  Typography,
} from '@mui/material';
import NotificationsIcon from '@mui/icons-material/NotificationsOutlined';
import DoneIcon from '@mui/icons-material/Done';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { LinkBase, useDataProvider, useGetList, useNavigate, useTranslate } from 'react-admin';
import type { AlertView } from '@sentinel/contracts';
import type { SentinelDataProvider } from '../dataProvider';
import { usePerms } from '../common/usePerms';
import { useEnumLabel } from '../common/labels';
import { useFormatters } from '../hooks/useFormatters';
import { useProblemNotify } from '../common/useProblemNotify';

/** `/api/alerts` rows (libs/contracts). */
export type AlertRow = AlertView;

export const UNREAD_COUNT_KEY = ['alerts', 'unread-count'];
/** The bell asks this often (a count); case pages also refresh it as soon as they see a new event. */
const POLL_MS = 10_000;

export function useAlertMutations() {
  const dp = useDataProvider<SentinelDataProvider>();
  const queryClient = useQueryClient();
  const notifyProblem = useProblemNotify();
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: UNREAD_COUNT_KEY });
    void queryClient.invalidateQueries({ queryKey: ['alerts'] });
  };
  return {
    markRead: (id: string) => dp.markAlertRead(id).then(refresh, notifyProblem),
    markAll: () => dp.markAllAlertsRead().then(refresh, notifyProblem),
  };
}

/** The bell of the app bar: unread alerts (polled every 10 s) and the latest few. */
export const AlertBell = () => {
  const { can } = usePerms();
  const dp = useDataProvider<SentinelDataProvider>();
  const t = useTranslate();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const enabled = can('alerts:read');
  const { data: count } = useQuery({
    queryKey: UNREAD_COUNT_KEY,
    queryFn: () => dp.alertsUnreadCount(),
    refetchInterval: POLL_MS,
    refetchIntervalInBackground: false,
    retry: false,
    enabled,
  });
  if (!enabled) return null;
  const unread = count ?? 0;
  return (
    <>
      <Tooltip title={t('app.alerts.unread', { smart_count: unread })}>
        <IconButton color="inherit" onClick={(e) => setAnchor(e.currentTarget)} aria-label={t('app.alerts.title')} data-testid="alert-bell">
          <Badge badgeContent={unread} color="error" max={99}>
            <NotificationsIcon />
          </Badge>
        </IconButton>
      </Tooltip>
      <Popover
        open={!!anchor}
        anchorEl={anchor}
        onClose={() => setAnchor(null)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}
        transformOrigin={{ vertical: 'top', horizontal: 'right' }}
        slotProps={{ paper: { sx: { width: 380, maxWidth: '95vw' } } }}
      >
        {anchor && <AlertPopoverContent onClose={() => setAnchor(null)} />}
      </Popover>
    </>
  );
};

const AlertPopoverContent = ({ onClose }: { onClose: () => void }) => {
  const t = useTranslate();
  const navigate = useNavigate();
  const { markAll } = useAlertMutations();
  const { data, isPending } = useGetList<AlertRow>('alerts', {
    pagination: { page: 1, perPage: 8 },
    sort: { field: 'createdAt', order: 'DESC' },
  });
  return (
    <Box>
      <Box sx={{ display: 'flex', alignItems: 'center', px: 2, py: 1.25 }}>
        <Typography variant="subtitle1" sx={{ flex: 1 }}>
          {t('app.alerts.title')}
        </Typography>
        <Button size="small" startIcon={<DoneIcon />} onClick={() => void markAll()}>
          {t('app.alerts.read_all')}
        </Button>
      </Box>
      <Divider />
      {isPending ? (
        <Typography sx={{ p: 2 }} variant="body2" color="text.secondary">
          {t('app.loading')}
        </Typography>
      ) : !data?.length ? (
        <Typography sx={{ p: 2 }} variant="body2" color="text.secondary">
          {t('app.alerts.none')}
        </Typography>
      ) : (
        <AlertItems alerts={data} dense onNavigate={onClose} />
      )}
      <Divider />
      <Box sx={{ p: 1, textAlign: 'right' }}>
        <Button
          size="small"
          onClick={() => {
            onClose();
            navigate('/alerts');
          }}
        >
          {t('app.alerts.open_inbox')}
        </Button>
      </Box>
    </Box>
  );
};

export const AlertItems = ({ alerts, dense, onNavigate }: { alerts: AlertRow[]; dense?: boolean; onNavigate?: () => void }) => {
  const t = useTranslate();
  const label = useEnumLabel();
  const f = useFormatters();
  const { markRead } = useAlertMutations();
  return (
    <List dense={dense} disablePadding sx={{ maxHeight: 420, overflowY: 'auto' }}>
      {alerts.map((a) => (
        <ListItem
          key={a.id}
          disablePadding
          secondaryAction={
            !a.readAt ? (
              <Tooltip title={t('app.alerts.mark_read')}>
                <IconButton edge="end" size="small" onClick={() => void markRead(a.id)} aria-label={t('app.alerts.mark_read')}>
                  <DoneIcon fontSize="small" />
                </IconButton>
              </Tooltip>
            ) : undefined
          }
        >
          <ListItemButton
            component={a.caseId ? LinkBase : 'div'}
            {...(a.caseId ? { to: `/cases/${a.caseId}/show` } : {})}
            onClick={onNavigate}
            sx={{ borderLeft: '3px solid', borderColor: a.readAt ? 'transparent' : a.type === 'sla.breached' || a.type === 'notification.dead' || a.type === 'freeze.rejected' ? 'error.main' : 'warning.main' }}
          >
            <ListItemText
              primary={
                <Typography variant="body2" sx={{ fontWeight: a.readAt ? 400 : 700 }}>
                  {label('alertType', a.type)}
                  {a.stage ? ` · ${label('stage', a.stage)}` : ''}
                </Typography>
              }
              secondary={`${a.caseReference ?? ''}${a.caseReference ? ' · ' : ''}${f.dateTime(a.createdAt)}`}
            />
          </ListItemButton>
        </ListItem>
      ))}
    </List>
  );
};
