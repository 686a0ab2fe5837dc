import ReportIcon from '@mui/icons-material/ReportGmailerrorredOutlined';
import type { ReportView } from '@sentinel/contracts';
import { ReportList } from './ReportList';
import { ReportShow } from './ReportShow';
import { ReportCreate } from './ReportCreate';

/** Reports are immutable once stored: list, show, and create (people enter a call: `New report`). */
export default {
  list: ReportList,
  show: ReportShow,
  create: ReportCreate,
  icon: ReportIcon,
  recordRepresentation: (r: ReportView) => `${r.sn} · ${r.receivedAt?.slice(0, 10) ?? ''}`,
};
