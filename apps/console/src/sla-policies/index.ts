import TimerIcon from '@mui/icons-material/TimerOutlined';
import { SlaPolicyList, type SlaPolicyRecord } from './SlaPolicyList';
import { SlaPolicyEdit } from './SlaPolicyEdit';

export default {
  list: SlaPolicyList,
  edit: SlaPolicyEdit,
  icon: TimerIcon,
  recordRepresentation: (p: SlaPolicyRecord) => p.stage ?? String(p.id),
};
