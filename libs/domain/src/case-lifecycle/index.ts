export {
  bankActor,
  SYSTEM_ACTOR,
  type ActorCtx,
  type AuditActor,
  type CaseState,
  type ChangeContext,
  type ClockPolicy,
  type GuardedAction,
  type HoldFacts,
  type HoldSettings,
  type NotificationFacts,
  type OpenClock,
  type OpenRegulatoryClock,
} from './case-state';
export type {
  ActionChange,
  AddEvidenceChange,
  BankCallbackChange,
  CaseChange,
  CaseChangeKind,
  DeliveryAttemptChange,
  FreezeNoticeCheckChange,
  HoldTimerChange,
  RegulatoryTimerChange,
  IncomingReport,
  LinkReportChange,
  NotificationRetryChange,
  ImportCaseChange,
  ImportedReport,
  NewCaseChange,
  OpenCaseChange,
  RemoveEvidenceChange,
  SlaTimerChange,
  UnassignChange,
} from './case-change';
export {
  emptyPlan,
  type AlertDraft,
  type AlertRecipients,
  type CasePatch,
  type CaseSla,
  type CaseWrite,
  type ChangePlan,
  type ChangeResult,
  type ClockRef,
  type ClockWrite,
  type DeliveryResult,
  type EventDraft,
  type FreezePatch,
  type HoldTimerResult,
  type IntakeResponse,
  type NewCase,
  type NewEvidence,
  type NewHold,
  type NewRegulatoryClock,
  type NewWatchlistEntry,
  type RegulatoryTimerResult,
  type NotAppliedReason,
  type OutboxWrite,
  type RecordWrite,
  type ReportRecord,
  type SlaTimerResult,
} from './change-plan';
export {
  ACTION_ROLES,
  allowedActions,
  assertActionAllowed,
  CASE_WORK_EVENTS,
  checkAction,
  checkVersion,
  CLOSED_CASE_ACTIONS,
  FOUR_EYES_ACTIONS,
  isCaseWorkEvent,
  mayRequestFreezeAgain,
  NOT_BY_ASSIGNEE_ACTIONS,
  NOT_CASE_WORK_ACTIONS,
} from './action-guards';
export {
  exitRule,
  exitRuleFor,
  isWaivableStage,
  missingEvidence,
  nextStage,
  REQUIRED_EVIDENCE,
  stageIndex,
  WAIVABLE_STAGES,
  type ExitRuleResult,
} from './stage-rules';
export { UNFREEZE_OUTCOMES, unfreezeOnClose } from './closing-plans';
export { CALLBACK_CHANGE, decideCallback, effectiveAt, type CallbackDecision, type CallbackFacts } from './callback-plans';
export { caseSlaOf } from './clock-plans';
export { notificationBody, type NotificationBody, type NotifiedCase } from './notification-body';
export { lookupsFor, type CaseLookups } from './lookups';
export { planChange } from './plan-change';
export {
  acquiringBankCode,
  assertChannelAllowed,
  assertKeyBindings,
  decideAutoFreeze,
  PERSON_CHANNELS,
  type AutoFreezeDecision,
  type AutoFreezeRule,
  type IntakeTrustPolicy,
  type ReportCredential,
} from './intake-trust';
export {
  CASE_VISIBILITIES,
  caseScopeOf,
  inCaseScope,
  masksReporterContact,
  REPORTER_PERSONAL_FIELDS,
  type CaseScope,
  type CaseVisibility,
  type ReporterPersonalField,
} from './case-visibility';
export {
  alarmAt,
  DEFAULT_HOLD_SETTINGS,
  FREEZE_TERM_MONTHS,
  holdBasis,
  isAcquirerHold,
  maxExpiry,
  STOP_PAYMENT_MAX_RENEWALS,
  STOP_PAYMENT_TERM_MS,
} from './hold-rules';
export { addCalendarMonths } from '../holds/calendar-months';
export { DEFAULT_MAJOR_EVENT_MINOR, newRegulatoryClock } from './regulatory-plans';
export { DEFAULT_WATCHLIST_DAYS, type WatchlistMatch } from './watchlist-plans';
export { importedEventData } from './import-plans';
