import QueueIcon from '@mui/icons-material/ViewListOutlined';
import { useState, type MouseEvent } from 'react';
import { Menu as RaMenu, useDataProvider, useTranslate } from 'react-admin';
import type { SentinelDataProvider } from '../dataProvider';
import { useProblemNotify } from '../common/useProblemNotify';

const BOARD_PATH = '/api/admin/queues';

/**
 * Admins' link to the queue dashboard (Bull Board). It asks the API for the board's cookie, bound to this session
 * (no token in any URL; the board closes with logout), then opens the board in a new tab. The tab is opened on the
 * click itself so no popup blocker stops it, and pointed at the board once the cookie is set. A menu item like the
 * others (react-admin's MenuItemLink), whose navigation inside the app is prevented.
 */
export const QueueBoardMenuItem = () => {
  const t = useTranslate();
  const dp = useDataProvider<SentinelDataProvider>();
  const notifyProblem = useProblemNotify();
  const [busy, setBusy] = useState(false);
  const openBoard = async (e: MouseEvent) => {
    e.preventDefault();
    if (busy) return;
    const tab = window.open('about:blank', '_blank');
    setBusy(true);
    try {
      const { url } = await dp.openQueueBoard();
      if (tab) {
        tab.opener = null;
        tab.location.href = url;
      } else window.location.assign(url);
    } catch (err) {
      tab?.close();
      notifyProblem(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <RaMenu.Item
      to={BOARD_PATH}
      onClick={(e: MouseEvent) => void openBoard(e)}
      primaryText={busy ? t('app.menu.queue_board_opening') : t('app.menu.queue_board')}
      leftIcon={<QueueIcon />}
      aria-busy={busy}
      data-testid="menu-queue-board"
    />
  );
};
