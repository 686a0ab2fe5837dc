import ReportIcon from '@mui/icons-material/ReportGmailerrorredOutlined';
import type { ReportView } from '@sentinel/contracts';
import { ReportList } from './ReportList';
import { ReportShow } from './ReportShow';

/** Reports are immutable once stored: list and show only. */
export default {
  list: ReportList,
  show: ReportShow,
  icon: ReportIcon,
  recordRepresentation: (r: ReportView) => `${r.sn} · ${r.receivedAt?.slice(0, 10) ?? ''}`,
};
