import QueueIcon from '@mui/icons-material/ViewListOutlined';
import { ListItemIcon, ListItemText, MenuItem } from '@mui/material';
import { useState } from 'react';
import { useDataProvider, useSidebarState, useTranslate } from 'react-admin';
import type { SentinelDataProvider } from '../dataProvider';
import { useProblemNotify } from '../common/useProblemNotify';

/**
 * Admins' link to the queue dashboard (Bull Board). It asks the API for the board's cookie, bound to this session
 * (no token in any URL; the board closes with logout), then opens the board in a new tab. The tab is opened on the
 * click itself so no popup blocker stops it, and pointed at the board once the cookie is set.
 */
export const QueueBoardMenuItem = () => {
  const t = useTranslate();
  const dp = useDataProvider<SentinelDataProvider>();
  const notifyProblem = useProblemNotify();
  const [open] = useSidebarState();
  const [busy, setBusy] = useState(false);
  const openBoard = async () => {
    const tab = window.open('about:blank', '_blank');
    setBusy(true);
    try {
      const { url } = await dp.openQueueBoard();
      if (tab) {
        tab.opener = null;
        tab.location.href = url;
      } else window.location.assign(url);
    } catch (e) {
      tab?.close();
      notifyProblem(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <MenuItem onClick={() => void openBoard()} disabled={busy} data-testid="menu-queue-board" aria-busy={busy}>
      <ListItemIcon>
        <QueueIcon fontSize="small" />
      </ListItemIcon>
      {open && <ListItemText primary={busy ? t('app.menu.queue_board_opening') : t('app.menu.queue_board')} />}
    </MenuItem>
  );
};
