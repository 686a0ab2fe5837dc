import NotificationIcon from '@mui/icons-material/CampaignOutlined';
import { NotificationList } from './NotificationList';
import type { NotificationRow } from './types';

export default {
  list: NotificationList,
  icon: NotificationIcon,
  recordRepresentation: (n: NotificationRow) => `${n.type} · ${n.caseReference ?? n.caseId}`,
};
