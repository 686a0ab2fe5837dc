import WatchlistIcon from '@mui/icons-material/VisibilityOutlined';
import type { WatchlistEntryView } from '@sentinel/contracts';
import { WatchlistList } from './WatchlistList';
import { WatchlistCreate } from './WatchlistCreate';

export default {
  list: WatchlistList,
  create: WatchlistCreate,
  icon: WatchlistIcon,
  recordRepresentation: (e: WatchlistEntryView) => e.value,
};
