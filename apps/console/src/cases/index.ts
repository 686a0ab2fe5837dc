import CasesIcon from '@mui/icons-material/FolderSpecialOutlined';
import type { CaseListRow } from '@sentinel/contracts';
import { CaseList } from './CaseList';
import { CaseShow } from './CaseShow';

/** Cases change only through actions: no edit or create (docs/api.md: PUT/POST → 405). */
export default {
  list: CaseList,
  show: CaseShow,
  icon: CasesIcon,
  recordRepresentation: (r: CaseListRow) => r.reference,
};
