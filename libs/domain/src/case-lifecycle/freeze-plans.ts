import { NOTICE_CHANNELS, NOTIFIED_BY } from '@sentinel/contracts';
import { DomainError, validationFailed } from '../errors';
import type { ActionContext, ActionPlan, ActorCtx, CaseState } from './case-state';
import { optionalText, requireOneOf, requirePastTime, requireText } from './payload-rules';
import { advance, eventOnly } from './plan-helpers';

type Payload = Record<string, any>;

const UNDELIVERED = ['pending', 'delivering'];

/** Bank codes compare upper-case. */
function bankCodeOf(payload: Payload): string | null {
  return optionalText(payload, 'bankCode')?.toUpperCase() ?? null;
}

function knownBank(code: string, ctx: ActionContext): { code: string; active: boolean } {
  if (!ctx.bank || ctx.bank.code.toUpperCase() !== code) throw validationFailed({ bankCode: { code: 'NOT_FOUND', message: 'is not a known bank' } });
  return ctx.bank;
}

/** Queue a freeze request to an active bank (a repeat only after a rejection or a dead notification). */
export function planRequestFreeze(c: CaseState, payload: Payload, ctx: ActionContext): ActionPlan {
  const bankCode = bankCodeOf(payload) ?? c.bankCode?.toUpperCase() ?? null;
  if (!bankCode) throw validationFailed({ bankCode: { code: 'REQUIRED', message: 'is required: the case has no bank' } });
  if (!knownBank(bankCode, ctx).active) {
    throw new DomainError('BANK.INACTIVE', `Bank ${bankCode} is inactive: a freeze cannot be requested from it.`, {
      bankCode,
    });
  }
  const bankChanged = bankCode !== c.bankCode?.toUpperCase();
  const plan = eventOnly('request_freeze', {
    bankCode,
    repeat: c.freeze.lastRequestStatus !== null,
    ...(bankChanged ? { before: { bankCode: c.bankCode }, after: { bankCode } } : {}),
  });
  plan.changes = bankChanged ? { bankCode } : {};
  plan.notifications = [{ type: 'freeze.requested' }];
  plan.freezeChanges = { bankCode, requestedAt: ctx.now, lastAnswer: null };
  if (c.freeze.lastRequestStatus !== null && UNDELIVERED.includes(c.freeze.lastRequestStatus)) {
    plan.cancelUndeliveredFreeze = true;
  }
  return plan;
}

/** The analyst records the bank's confirmation (no prior request needed): freeze → police_report. */
export function planConfirmFreeze(c: CaseState, payload: Payload, ctx: ActionContext): ActionPlan {
  const bankReference = requireText(payload, 'bankReference');
  const confirmedAt = requirePastTime(payload, 'confirmedAt', ctx.now);
  const bankCode = bankCodeOf(payload);
  if (bankCode) knownBank(bankCode, ctx);
  const bankChanged = bankCode !== null && bankCode !== c.bankCode?.toUpperCase();
  const step = advance(c, 'met');
  return {
    ...eventOnly('confirm_freeze', {
      before: { stage: step.before.stage, ...(bankChanged ? { bankCode: c.bankCode } : {}) },
      after: { stage: step.after.stage, ...(bankChanged ? { bankCode } : {}) },
      bankReference,
      confirmedAt: confirmedAt.toISOString(),
      confirmedVia: 'analyst',
      ...(bankCode ? { bankCode } : {}),
    }),
    changes: { stage: step.stage, ...(bankChanged ? { bankCode } : {}) },
    endClock: step.endClock,
    startClock: step.startClock,
    freezeChanges: {
      confirmedAt,
      bankReference,
      confirmedVia: 'analyst',
      lastAnswer: 'confirmed',
      ...(bankCode ? { bankCode } : {}),
    },
  };
}

/** When, how and by whom the merchant was told the reason and how to appeal (after confirmation). */
export function planRecordFreezeNotice(c: CaseState, payload: Payload, actor: ActorCtx, ctx: ActionContext): ActionPlan {
  const notifiedAt = requirePastTime(payload, 'notifiedAt', ctx.now);
  const channel = requireOneOf(payload, 'channel', NOTICE_CHANNELS);
  const notifiedBy = requireOneOf(payload, 'notifiedBy', NOTIFIED_BY);
  if (typeof payload.appealInstructionsGiven !== 'boolean') {
    throw validationFailed({ appealInstructionsGiven: { code: 'INVALID_TYPE', message: 'must be true or false' } });
  }
  const appealInstructionsGiven: boolean = payload.appealInstructionsGiven;
  const plan = eventOnly('record_freeze_notice', {
    notifiedAt: notifiedAt.toISOString(),
    channel,
    notifiedBy,
    appealInstructionsGiven,
    replacesEarlierNotice: c.freeze.noticeRecordedAt !== null,
  });
  plan.freezeChanges = {
    notice: { notifiedAt, channel, notifiedBy, appealInstructionsGiven, recordedBy: actor.id },
    noticeRecordedAt: ctx.now,
  };
  return plan;
}

/** The bank refused: the case stays in freeze and supervisors are alerted. */
export function planRecordFreezeRejection(c: CaseState, payload: Payload, ctx: ActionContext): ActionPlan {
  const reason = requireText(payload, 'reason');
  const rejectedAt = payload.rejectedAt === undefined || payload.rejectedAt === null
    ? ctx.now
    : requirePastTime(payload, 'rejectedAt', ctx.now);
  const plan = eventOnly('record_freeze_rejection', { reason, rejectedAt: rejectedAt.toISOString() });
  plan.freezeChanges = { rejectedAt, rejectionReason: reason, lastAnswer: 'rejected' };
  plan.alerts = ['freeze.rejected'];
  return plan;
}
