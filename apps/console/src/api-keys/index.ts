import KeyIcon from '@mui/icons-material/VpnKeyOutlined';
import { ApiKeyList, type ApiKeyRecord } from './ApiKeyList';

export default {
  list: ApiKeyList,
  icon: KeyIcon,
  recordRepresentation: (k: ApiKeyRecord) => k.name,
};
