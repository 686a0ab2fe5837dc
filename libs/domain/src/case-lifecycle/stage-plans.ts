import { CONTACT_CHANNELS, CONTACT_OUTCOMES } from '@sentinel/contracts';
import { DomainError, validationFailed } from '../errors';
import type { ActionContext, ActionPlan, CaseState } from './case-state';
import { optionalText, requireOneOf, requirePastTime, requireText } from './payload-rules';
import { advance, eventOnly } from './plan-helpers';
import { exitRuleFor } from './stage-rules';

type Payload = Record<string, any>;

/**
 * Agency, report number and filing date. In the police_report stage this exits the stage
 * (→ merchant_contact); in a later stage it records (or corrects) the report without moving.
 */
export function planRecordPoliceReport(c: CaseState, payload: Payload, ctx: ActionContext): ActionPlan {
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
  if (c.stage !== 'police_report') return eventOnly('record_police_report', { ...facts, ...replaces });
  const step = advance(c, 'met');
  return {
    ...eventOnly('record_police_report', { before: step.before, after: step.after, ...facts, ...replaces }),
    changes: { stage: step.stage },
    endClock: step.endClock,
    startClock: step.startClock,
  };
}

/**
 * One contact attempt. `reached` requires findings; a reached contact with findings exits the
 * merchant_contact stage (→ evidence). In later stages contacts are recorded without moving.
 */
export function planLogMerchantContact(c: CaseState, payload: Payload, ctx: ActionContext): ActionPlan {
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
  if (c.stage !== 'merchant_contact' || outcome !== 'reached') return eventOnly('log_merchant_contact', facts);
  const step = advance(c, 'met');
  return {
    ...eventOnly('log_merchant_contact', { before: step.before, after: step.after, ...facts }),
    changes: { stage: step.stage },
    endClock: step.endClock,
    startClock: step.startClock,
  };
}

/** evidence → review, once transaction records and the police receipt (unless police waived) are attached. */
export function planSubmitForReview(c: CaseState): ActionPlan {
  const rule = exitRuleFor(c, 'evidence');
  if (!rule.met) {
    throw new DomainError(
      'CASE.EXIT_RULE_UNMET',
      `The case cannot go to review: missing ${rule.missing.join(', ')}.`,
      { stage: c.stage, missing: rule.missing },
    );
  }
  const step = advance(c, 'met');
  return {
    ...eventOnly('submit_for_review', { before: step.before, after: step.after }),
    changes: { stage: step.stage },
    endClock: step.endClock,
    startClock: step.startClock,
  };
}

/** A supervisor skips the current stage (freeze … evidence) with a written reason. */
export function planWaiveStage(c: CaseState, payload: Payload): ActionPlan {
  const reason = requireText(payload, 'reason', 'is required to waive a stage');
  if (payload.stage !== undefined && payload.stage !== null && payload.stage !== c.stage) {
    throw validationFailed({ stage: { code: 'NOT_ALLOWED', message: `must be the current stage (${c.stage})` } });
  }
  const step = advance(c, 'waived');
  const waivedStages = c.waivedStages.includes(c.stage) ? [...c.waivedStages] : [...c.waivedStages, c.stage];
  return {
    ...eventOnly('waive_stage', {
      before: { stage: step.before.stage, waivedStages: c.waivedStages },
      after: { stage: step.after.stage, waivedStages },
      waivedStage: c.stage,
      reason,
    }),
    changes: { stage: step.stage, waivedStages },
    endClock: step.endClock,
    startClock: step.startClock,
  };
}
