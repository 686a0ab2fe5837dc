// Public surface of @sentinel/domain: pure business rules (no I/O, no clock).
export { DomainError, isDomainError, splitFieldErrors, validationFailed, type FieldError, type FieldErrors } from './errors';
export { isValidSn, maskSn, maskTail, normaliseSn, parseSn, SN_FORMAT_MESSAGE, SN_PATTERN } from './sn/sn';
export {
  DEFAULT_PAN_EXEMPT_KEYS,
  findPan,
  findPanPaths,
  isUnmaskedPan,
  isValidMaskedPan,
  luhnValid,
  PAN_MAX_DIGITS,
  PAN_MIN_DIGITS,
} from './pan/pan';
export { CASE_REFERENCE_PATTERN, formatCaseReference, parseCaseReference } from './reference/case-reference';
export {
  DEFAULT_P2_THRESHOLDS,
  derivePriority,
  differentPlaces,
  PRIORITY_REASONS,
  priorityRank,
  raisePriority,
  RISK_SIGNALS,
  riskSignals,
  type DerivedPriority,
  type PriorityInput,
  type PriorityOptions,
  type RiskSignal,
} from './priority/priority';
export * from './case-lifecycle';
export * from './audit-chain';
export * from './sla-calendar';
export * from './durations';
export * from './webhooks';
export * from './evidence-files';
export * from './sign-in';
export * from './alert-channels';
