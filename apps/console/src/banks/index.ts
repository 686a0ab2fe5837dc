import BankIcon from '@mui/icons-material/AccountBalanceOutlined';
import { BankList, type BankRecord } from './BankList';
import { BankCreate, BankEdit } from './BankEdit';

export default {
  list: BankList,
  edit: BankEdit,
  create: BankCreate,
  icon: BankIcon,
  recordRepresentation: (b: BankRecord) => `${b.code} · ${b.name}`,
};
