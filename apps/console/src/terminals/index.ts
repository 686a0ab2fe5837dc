import TerminalIcon from '@mui/icons-material/PointOfSaleOutlined';
import type { TerminalView } from '@sentinel/contracts';
import { TerminalList } from './TerminalList';
import { TerminalShow } from './TerminalShow';
import { TerminalEdit } from './TerminalEdit';

export default {
  list: TerminalList,
  show: TerminalShow,
  edit: TerminalEdit,
  icon: TerminalIcon,
  recordRepresentation: (r: TerminalView) => r.sn,
};
