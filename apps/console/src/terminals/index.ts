import TerminalIcon from '@mui/icons-material/PointOfSaleOutlined';
import type { TerminalRecord } from '@sentinel/contracts';
import { TerminalList } from './TerminalList';
import { TerminalShow } from './TerminalShow';
import { TerminalEdit } from './TerminalEdit';

export default {
  list: TerminalList,
  show: TerminalShow,
  edit: TerminalEdit,
  icon: TerminalIcon,
  recordRepresentation: (r: TerminalRecord) => r.sn,
};
