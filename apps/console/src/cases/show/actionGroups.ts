import type { AllowedAction, CaseView, FreezeView, Stage } from '@sentinel/contracts';
import { allowedOf } from '../caseExtras';

/**
 * How the case page lays out the actions the API allows (`allowedActions`). Display only: it never adds an
 * action the API did not list; it decides which allowed action is the "next step" and which are "other actions".
 */
const STAGE_ACTIONS: Record<Stage, AllowedAction[]> = {
  freeze: ['request_freeze', 'confirm_freeze'],
  police_report: ['record_police_report'],
  merchant_contact: ['log_merchant_contact'],
  evidence: ['add_evidence', 'submit_for_review'],
  review: ['resolve', 'return_to_analyst'],
};
const LEADING: AllowedAction[] = ['claim', 'reopen'];
/** Shown elsewhere on the page (notes panel, evidence list, holds and regulatory panels). */
const ELSEWHERE: AllowedAction[] = [
  'add_note',
  'remove_evidence',
  'place_hold',
  'renew_hold',
  'release_hold',
  'start_regulatory_clock',
  'record_regulatory_filing',
  'cancel_regulatory_clock',
];
const SECONDARY_ORDER: AllowedAction[] = [
  'assign',
  'release',
  'set_priority',
  'record_freeze_notice',
  'log_merchant_contact',
  'add_evidence',
  'request_freeze',
  'record_freeze_rejection',
  'waive_stage',
  'close_early',
];

/**
 * Where the freeze stands, from the case's freeze record (what was requested, what the bank answered, the
 * status of the latest freeze notification):
 * - `not_requested`: no request yet (or the last one was cancelled);
 * - `waiting`: a request is on its way to the bank or with it; the bank answers by callback;
 * - `undeliverable`: the request went dead (every delivery attempt failed);
 * - `rejected`: the bank refused the latest request.
 */
export type FreezeMode = 'not_requested' | 'waiting' | 'undeliverable' | 'rejected';

export function freezeMode(f: Pick<FreezeView, 'requestedAt' | 'rejectedAt' | 'notificationStatus'> | null | undefined): FreezeMode {
  if (!f) return 'not_requested';
  const requested = f.requestedAt ? Date.parse(f.requestedAt) : null;
  if (f.rejectedAt && (requested === null || Date.parse(f.rejectedAt) >= requested)) return 'rejected';
  if (requested === null) return 'not_requested';
  if (f.notificationStatus === 'dead') return 'undeliverable';
  if (f.notificationStatus === 'pending' || f.notificationStatus === 'delivering' || f.notificationStatus === 'delivered') return 'waiting';
  return 'not_requested';
}

export interface ActionGroups {
  /** The next step: one form, or tabs when several. */
  primary: AllowedAction[];
  /** "Other actions": buttons that open a dialog. */
  secondary: AllowedAction[];
  /** Waiting for the bank's answer to a freeze request (the page says so instead of offering a form). */
  waitingForBank: boolean;
  /** While waiting: what can still be recorded by hand if the bank answered another way. */
  byHand: AllowedAction[];
}

export function groupActions(allowedList: readonly string[], stage: Stage, open: boolean, freeze?: FreezeView | null): ActionGroups {
  const allowed = allowedList as readonly AllowedAction[];
  const has = (a: AllowedAction) => allowed.includes(a);
  const waitingForBank = open && stage === 'freeze' && freezeMode(freeze) === 'waiting';
  const stageActions = (open ? STAGE_ACTIONS[stage] ?? [] : []).filter(has);
  const byHand: AllowedAction[] = waitingForBank ? stageActions.filter((a) => a === 'confirm_freeze') : [];
  const primary: AllowedAction[] = [...LEADING.filter(has), ...stageActions.filter((a) => !byHand.includes(a))];
  const secondary = SECONDARY_ORDER.filter((a) => has(a) && !primary.includes(a) && !byHand.includes(a) && !ELSEWHERE.includes(a));
  const extra = allowed.filter((a) => !primary.includes(a) && !secondary.includes(a) && !byHand.includes(a) && !ELSEWHERE.includes(a));
  return { primary, secondary: [...secondary, ...extra], waitingForBank, byHand };
}

/** Whether the case still holds a next step for this reader (a claim alone is not work on the case). */
export function hasWorkFor(record: Pick<CaseView, 'allowedActions' | 'stage' | 'status' | 'freeze'>): boolean {
  const g = groupActions(allowedOf(record), record.stage, record.status === 'open', record.freeze);
  return g.primary.some((a) => a !== 'claim') || g.byHand.length > 0;
}
