import CalendarIcon from '@mui/icons-material/CalendarMonthOutlined';
import { CalendarList, type CalendarRecord } from './CalendarList';
import { CalendarCreate, CalendarEdit } from './CalendarEdit';

export default {
  list: CalendarList,
  edit: CalendarEdit,
  create: CalendarCreate,
  icon: CalendarIcon,
  recordRepresentation: (c: CalendarRecord) => c.name,
};
