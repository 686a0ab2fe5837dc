import TeamIcon from '@mui/icons-material/GroupsOutlined';
import { TeamList, type TeamRecord } from './TeamList';
import { TeamCreate, TeamEdit } from './TeamEdit';

export default {
  list: TeamList,
  edit: TeamEdit,
  create: TeamCreate,
  icon: TeamIcon,
  recordRepresentation: (t: TeamRecord) => t.name,
};
