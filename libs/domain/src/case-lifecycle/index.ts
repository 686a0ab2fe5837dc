export type { ActionContext, ActionPlan, ActorCtx, CaseState, FreezeChanges, GuardedAction } from './case-state';
export {
  ACTION_ROLES,
  allowedActions,
  assertActionAllowed,
  CLOSED_CASE_ACTIONS,
  FOUR_EYES_ACTIONS,
  isStageRecordingAction,
  mayRequestFreezeAgain,
  STAGE_RECORDING_ACTIONS,
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
export { planAction } from './plan-action';
