import QueueIcon from '@mui/icons-material/InboxOutlined';
import { QueueList } from './QueueList';
import { QueueShow } from './QueueShow';
import { QueueCreate, QueueEdit } from './QueueEdit';
import type { QueueRow } from './types';

export default {
  list: QueueList,
  show: QueueShow,
  edit: QueueEdit,
  create: QueueCreate,
  icon: QueueIcon,
  recordRepresentation: (q: QueueRow) => q.name,
};
