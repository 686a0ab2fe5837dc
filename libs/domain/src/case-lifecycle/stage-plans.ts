import { CONTACT_CHANNELS, CONTACT_OUTCOMES } from '@sentinel/contracts';
import { DomainError, validationFailed } from '../errors';
import type { ActorCtx, CaseState, ChangeContext } from './case-state';
import { optionalText, requireOneOf, requirePastTime, requireText } from './payload-rules';
import { advance, effect, moveTo, nextSeq, type ActionEffect } from './plan-helpers';
import { exitRuleFor, stageIndex } from './stage-rules';

type Payload = Record<string, unknown>;

/**
 * Agency, report number and filing date. In the police_report stage this exits the stage
 * (→ merchant_contact); in a later stage it records (or corrects) the report without moving.
 */
export function planRecordPoliceReport(c: CaseState, payload: Payload, actor: ActorCtx, ctx: ChangeContext): ActionEffect {
  const agency = requireText(payload, 'agency');
  const reportNumber = requireText(payload, 'reportNumber');
  const filedAt = requirePastTime(payload, 'filedAt', ctx.now);
  const officer = optionalText(payload, 'officer');
  const facts = { agency, reportNumber, filedAt: filedAt.toISOString(), officer };
  const replaces = c.policeReport
    ? {
        replaces: {
          agency: c.policeReport.agency,
          reportNumber: c.policeReport.reportNumber,
          filedAt: c.policeReport.filedAt.toISOString(),
        },
      }
    : {};
  const records: ActionEffect['records'] = [
    { record: 'police_report', agency, reportNumber, filedAt, officer, recordedBy: actor.id, recordedAt: ctx.now },
  ];
  if (c.stage !== 'police_report') return { ...effect('record_police_report', { ...facts, ...replaces }), records };
  const step = advance(c, 'met', ctx);
  return {
    ...effect('record_police_report', { before: step.before, after: step.after, ...facts, ...replaces }),
    patch: { stage: step.stage },
    clocks: step.clocks,
    records,
  };
}

/**
 * One contact attempt. `reached` requires findings; a reached contact with findings exits the
 * merchant_contact stage (→ evidence). In later stages contacts are recorded without moving.
 */
export function planLogMerchantContact(c: CaseState, payload: Payload, actor: ActorCtx, ctx: ChangeContext): ActionEffect {
  const channel = requireOneOf(payload, 'channel', CONTACT_CHANNELS);
  const contactedAt = requirePastTime(payload, 'contactedAt', ctx.now);
  const outcome = requireOneOf(payload, 'outcome', CONTACT_OUTCOMES);
  const findings = optionalText(payload, 'findings');
  if (outcome === 'reached' && findings === null) {
    throw validationFailed(
      { findings: { code: 'REQUIRED', message: 'are required when the merchant was reached' } },
      'Findings are required when the merchant was reached.',
    );
  }
  const facts = { channel, contactedAt: contactedAt.toISOString(), outcome, findings };
  const records: ActionEffect['records'] = [
    { record: 'merchant_contact', id: ctx.newId(), channel, contactedAt, outcome, findings, recordedBy: actor.id, createdAt: ctx.now },
  ];
  if (c.stage !== 'merchant_contact' || outcome !== 'reached') return { ...effect('log_merchant_contact', facts), records };
  const step = advance(c, 'met', ctx);
  return {
    ...effect('log_merchant_contact', { before: step.before, after: step.after, ...facts }),
    patch: { stage: step.stage },
    clocks: step.clocks,
    records,
  };
}

/** evidence → review, once transaction records and the police receipt (unless police waived) are attached. */
export function planSubmitForReview(c: CaseState, ctx: ChangeContext): ActionEffect {
  const rule = exitRuleFor(c, 'evidence');
  if (!rule.met) {
    throw new DomainError(
      'CASE.EXIT_RULE_UNMET',
      `The case cannot go to review: missing ${rule.missing.join(', ')}.`,
      { stage: c.stage, missing: rule.missing },
    );
  }
  const step = advance(c, 'met', ctx);
  return {
    ...effect('submit_for_review', { before: step.before, after: step.after }),
    patch: { stage: step.stage },
    clocks: step.clocks,
  };
}

/** A supervisor skips the current stage (freeze … evidence) with a written reason. */
export function planWaiveStage(c: CaseState, payload: Payload, ctx: ChangeContext): ActionEffect {
  const reason = requireText(payload, 'reason', 'is required to waive a stage');
  if (payload.stage !== undefined && payload.stage !== null && payload.stage !== c.stage) {
    throw validationFailed({ stage: { code: 'NOT_ALLOWED', message: `must be the current stage (${c.stage})` } });
  }
  const step = advance(c, 'waived', ctx);
  const waivedStages = c.waivedStages.includes(c.stage) ? [...c.waivedStages] : [...c.waivedStages, c.stage];
  return {
    ...effect('waive_stage', {
      before: { stage: step.before.stage, waivedStages: c.waivedStages },
      after: { stage: step.after.stage, waivedStages },
      waivedStage: c.stage,
      reason,
    }),
    patch: { stage: step.stage, waivedStages },
    clocks: step.clocks,
  };
}

/**
 * A supervisor (not the assignee) sends a case in review back to its analyst with a reason: review → evidence.
 * The review clock ends met (the review happened), a new evidence clock starts, the assignee keeps the case and
 * is alerted (`case.returned`), and the case shows `lastReturn`. A waived evidence stage is worked again. The
 * return is not work on the case (four eyes): the supervisor may still resolve it later.
 */
export function planReturnToAnalyst(c: CaseState, payload: Payload, actor: ActorCtx, ctx: ChangeContext): ActionEffect {
  const reason = requireText(payload, 'reason', 'is required to return a case to its analyst');
  const step = moveTo(c, 'evidence', 'met', ctx);
  const waivedStages = c.waivedStages.filter((s) => stageIndex(s) < stageIndex('evidence'));
  const waivedChanged = waivedStages.length !== c.waivedStages.length;
  return {
    ...effect('return_to_analyst', {
      before: { stage: step.before.stage, ...(waivedChanged ? { waivedStages: c.waivedStages } : {}) },
      after: { stage: step.after.stage, ...(waivedChanged ? { waivedStages } : {}) },
      assigneeId: c.assigneeId,
      reason,
    }),
    patch: { stage: step.stage, lastReturn: { reason, by: actor.id, at: ctx.now }, ...(waivedChanged ? { waivedStages } : {}) },
    clocks: step.clocks,
    alerts: c.assigneeId
      ? [
          {
            type: 'case.returned',
            recipients: { teamSupervisors: false, users: [c.assigneeId] },
            dedupeKey: `case.returned:${c.id}:${nextSeq(c)}`,
            stage: step.stage,
            notificationId: null,
          },
        ]
      : [],
  };
}
