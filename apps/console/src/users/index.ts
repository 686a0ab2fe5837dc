import UsersIcon from '@mui/icons-material/PeopleOutlined';
import { UserList, type UserRecord } from './UserList';
import { UserCreate, UserEdit } from './UserEdit';

/** Users are deactivated (active = false), never deleted. */
export default {
  list: UserList,
  edit: UserEdit,
  create: UserCreate,
  icon: UsersIcon,
  recordRepresentation: (u: UserRecord) => u.name,
};
