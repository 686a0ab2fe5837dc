export { resultRows } from '../sql';
