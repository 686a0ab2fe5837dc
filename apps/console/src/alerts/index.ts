import AlertIcon from '@mui/icons-material/NotificationsActiveOutlined';
import { AlertList } from './AlertList';
import type { AlertRow } from '../layout/AlertBell';

export default {
  list: AlertList,
  icon: AlertIcon,
  recordRepresentation: (a: AlertRow) => `${a.type} · ${a.caseReference ?? ''}`,
};
