export {
  type IsoDuration,
  MAX_DURATION_MS,
  parseIsoDuration,
  isValidIsoDuration,
  durationToMs,
  isZeroDuration,
  formatIsoDuration,
} from './iso-duration';
export { SlaError, type SlaErrorCode } from './sla.errors';
