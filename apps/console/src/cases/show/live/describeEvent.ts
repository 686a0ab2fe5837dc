import type { CaseEventView } from '@sentinel/contracts';

/**
 * What a case event means for someone looking at the case, as a message key of `live.event.*` and its
 * parameters (translated by the caller). Pure: no rule is decided here, the event says what happened.
 */
export interface EventDescription {
  key: string;
  /** The event's action (for "other": its label from `events.*`). */
  action: string;
  actor: string | null;
  stage?: string;
  priority?: string;
  outcome?: string;
  reason?: string;
  /** The event behind the description (for the timeline link and de-duplication). */
  seq: number;
}

/** Events with a sentence of their own; others are described as "<actor>: <event label>". */
const SENTENCES = new Set([
  'bank.freeze_confirmed',
  'bank.freeze_rejected',
  'bank.unfreeze_confirmed',
  'notification.delivered',
  'notification.dead',
  'notification.retried',
  'sla.warning',
  'sla.breached',
  'claim',
  'assign',
  'release',
  'request_freeze',
  'confirm_freeze',
  'record_freeze_rejection',
  'record_freeze_notice',
  'record_police_report',
  'log_merchant_contact',
  'evidence.added',
  'evidence.removed',
  'submit_for_review',
  'return_to_analyst',
  'waive_stage',
  'resolve',
  'close_early',
  'reopen',
  'set_priority',
  'priority.raised',
  'report.linked',
  'add_note',
  'case.unassigned',
]);

/** Events that are bookkeeping of something already described (a delivery confirmed by the callback itself). */
const QUIET = new Set(['bank.callback_not_applied', 'evidence.downloaded']);

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});

export function describeEvent(e: CaseEventView): EventDescription | null {
  if (QUIET.has(e.action)) return null;
  const data = obj(e.data);
  const after = obj(data.after);
  const actor = e.actor.role === 'system' || e.actor.role === 'bank' ? null : (e.actorName ?? null);
  const d: EventDescription = { key: SENTENCES.has(e.action) ? e.action : 'other', action: e.action, actor, seq: e.seq };
  const stage = str(data.stage) ?? str(data.waivedStage) ?? str(after.stage);
  if (stage) d.stage = stage;
  const priority = str(after.priority) ?? str(data.priority);
  if (priority) d.priority = priority;
  const outcome = str(after.outcome) ?? str(data.outcome);
  if (outcome) d.outcome = outcome;
  const reason = str(data.reason);
  if (reason) d.reason = reason;
  if (e.action === 'assign' && after.assigneeId === null) d.key = 'unassign';
  return d;
}

/**
 * The events after `sinceSeq` that someone other than `me` caused, described, oldest first. Events of the
 * reader's own actions are left out: they already saw those happen.
 */
export function describeChanges(events: readonly CaseEventView[], sinceSeq: number, me: string | null | undefined): EventDescription[] {
  return events
    .filter((e) => e.seq > sinceSeq && (!me || e.actor.id !== me))
    .sort((a, b) => a.seq - b.seq)
    .map(describeEvent)
    .filter((d): d is EventDescription => d !== null);
}
