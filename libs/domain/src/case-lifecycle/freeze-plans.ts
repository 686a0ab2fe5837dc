import { NOTICE_CHANNELS, NOTIFIED_BY, type Stage } from '@sentinel/contracts';
import { DomainError, validationFailed } from '../errors';
import type { FreezeNoticeCheckChange } from './case-change';
import type { ActorCtx, CaseState, ChangeContext } from './case-state';
import { emptyPlan, type AlertDraft, type ChangePlan, type ClockWrite, type OutboxWrite, type RecordWrite } from './change-plan';
import { queueNotification } from './notification-plans';
import { optionalText, requireOneOf, requirePastTime, requireText } from './payload-rules';
import { advance, effect, nextSeq, type ActionEffect } from './plan-helpers';

type Payload = Record<string, unknown>;

/** Bank codes compare upper-case. */
function bankCodeOf(payload: Payload): string | null {
  return optionalText(payload, 'bankCode')?.toUpperCase() ?? null;
}

function knownBank(code: string, ctx: ChangeContext): { code: string; active: boolean } {
  if (!ctx.bank || ctx.bank.code.toUpperCase() !== code) throw validationFailed({ bankCode: { code: 'NOT_FOUND', message: 'is not a known bank' } });
  return ctx.bank;
}

/**
 * The bank froze, however we heard it (an analyst records the bank's confirmation, or the bank's signed
 * `freeze.confirmed`): the freeze record is confirmed and the freeze stage is done — its clock met, the police
 * report stage entered. The one plan of that fact, shared by `confirm_freeze` and the callback.
 */
export function freezeConfirmed(
  c: CaseState,
  fact: { confirmedAt: Date; bankReference: string | null; via: 'analyst' | 'callback'; bankCode?: string | null },
  ctx: ChangeContext,
): { stage: Stage; clocks: ClockWrite[]; record: RecordWrite; before: { stage: Stage }; after: { stage: Stage } } {
  const step = advance(c, 'met', ctx);
  return {
    ...step,
    record: {
      record: 'freeze',
      patch: {
        confirmedAt: fact.confirmedAt,
        bankReference: fact.bankReference,
        confirmedVia: fact.via,
        lastAnswer: 'confirmed',
        ...(fact.bankCode ? { bankCode: fact.bankCode } : {}),
      },
    },
  };
}

/**
 * The bank refused the freeze (an analyst records it, or the bank's `freeze.rejected`): the case stays in freeze
 * and the team's supervisors are alerted, once per `dedupeKey`.
 */
export function freezeRejected(
  c: CaseState,
  fact: { rejectedAt: Date; reason: string | null; dedupeKey: string; notificationId: string | null },
): { record: RecordWrite; alert: AlertDraft } {
  return {
    record: { record: 'freeze', patch: { rejectedAt: fact.rejectedAt, rejectionReason: fact.reason, lastAnswer: 'rejected' } },
    alert: {
      type: 'freeze.rejected',
      recipients: { teamSupervisors: true, users: [] },
      dedupeKey: fact.dedupeKey,
      stage: c.stage,
      notificationId: fact.notificationId,
    },
  };
}

/** Undelivered freeze requests that a new request or a close makes moot. */
export function cancelUndeliveredFreeze(c: CaseState, ctx: ChangeContext): OutboxWrite[] {
  return c.freeze.undeliveredRequestIds.length ? [{ op: 'cancel', ids: [...c.freeze.undeliveredRequestIds], at: ctx.now }] : [];
}

/** Queue a freeze request to an active bank (a repeat only after a rejection or a dead notification). */
export function planRequestFreeze(c: CaseState, payload: Payload, ctx: ChangeContext): ActionEffect {
  const bankCode = bankCodeOf(payload) ?? c.bankCode?.toUpperCase() ?? null;
  if (!bankCode) throw validationFailed({ bankCode: { code: 'REQUIRED', message: 'is required: the case has no bank' } });
  if (!knownBank(bankCode, ctx).active) {
    throw new DomainError('BANK.INACTIVE', `Bank ${bankCode} is inactive: a freeze cannot be requested from it.`, {
      bankCode,
    });
  }
  const bankChanged = bankCode !== c.bankCode?.toUpperCase();
  const request = queueNotification(c, bankCode, 'freeze.requested', ctx)!;
  return {
    ...effect('request_freeze', {
      bankCode,
      repeat: c.freeze.lastRequestStatus !== null,
      ...(bankChanged ? { before: { bankCode: c.bankCode }, after: { bankCode } } : {}),
    }),
    patch: bankChanged ? { bankCode } : {},
    records: [{ record: 'freeze', patch: { bankCode, requestedAt: ctx.now, notificationId: request.id, lastAnswer: null } }],
    outbox: [...cancelUndeliveredFreeze(c, ctx), request],
  };
}

/** The analyst records the bank's confirmation (no prior request needed): freeze → police_report. */
export function planConfirmFreeze(c: CaseState, payload: Payload, ctx: ChangeContext): ActionEffect {
  const bankReference = requireText(payload, 'bankReference');
  const confirmedAt = requirePastTime(payload, 'confirmedAt', ctx.now);
  const bankCode = bankCodeOf(payload);
  if (bankCode) knownBank(bankCode, ctx);
  const bankChanged = bankCode !== null && bankCode !== c.bankCode?.toUpperCase();
  const done = freezeConfirmed(c, { confirmedAt, bankReference, via: 'analyst', bankCode }, ctx);
  return {
    ...effect('confirm_freeze', {
      before: { stage: done.before.stage, ...(bankChanged ? { bankCode: c.bankCode } : {}) },
      after: { stage: done.after.stage, ...(bankChanged ? { bankCode } : {}) },
      bankReference,
      confirmedAt: confirmedAt.toISOString(),
      confirmedVia: 'analyst',
      ...(bankCode ? { bankCode } : {}),
    }),
    patch: { stage: done.stage, ...(bankChanged ? { bankCode } : {}) },
    clocks: done.clocks,
    records: [done.record],
  };
}

/** When, how and by whom the merchant was told the reason and how to appeal (after confirmation). */
export function planRecordFreezeNotice(c: CaseState, payload: Payload, actor: ActorCtx, ctx: ChangeContext): ActionEffect {
  const notifiedAt = requirePastTime(payload, 'notifiedAt', ctx.now);
  const channel = requireOneOf(payload, 'channel', NOTICE_CHANNELS);
  const notifiedBy = requireOneOf(payload, 'notifiedBy', NOTIFIED_BY);
  if (typeof payload.appealInstructionsGiven !== 'boolean') {
    throw validationFailed({ appealInstructionsGiven: { code: 'INVALID_TYPE', message: 'must be true or false' } });
  }
  const appealInstructionsGiven: boolean = payload.appealInstructionsGiven;
  return {
    ...effect('record_freeze_notice', {
      notifiedAt: notifiedAt.toISOString(),
      channel,
      notifiedBy,
      appealInstructionsGiven,
      replacesEarlierNotice: c.freeze.noticeRecordedAt !== null,
    }),
    records: [
      {
        record: 'freeze',
        patch: {
          notice: { notifiedAt, channel, notifiedBy, appealInstructionsGiven, recordedBy: actor.id },
          noticeRecordedAt: ctx.now,
        },
      },
    ],
  };
}

/** The bank refused: the case stays in freeze and supervisors are alerted. */
export function planRecordFreezeRejection(c: CaseState, payload: Payload, ctx: ChangeContext): ActionEffect {
  const reason = requireText(payload, 'reason');
  const rejectedAt = payload.rejectedAt === undefined || payload.rejectedAt === null
    ? ctx.now
    : requirePastTime(payload, 'rejectedAt', ctx.now);
  const rejected = freezeRejected(c, { rejectedAt, reason, dedupeKey: `freeze.rejected:${c.id}:${nextSeq(c)}`, notificationId: null });
  return {
    ...effect('record_freeze_rejection', { reason, rejectedAt: rejectedAt.toISOString() }),
    records: [rejected.record],
    alerts: [rejected.alert],
  };
}

/**
 * docs/domain.md "Merchant notice": a freeze confirmed more than `graceMs` ago with no merchant notice recorded
 * raises `freeze_notice.missing` to the team's supervisors, once per case. Not when the freeze was lifted or the
 * bank's last answer is a rejection. No event: nothing about the case changed.
 */
export function planFreezeNoticeCheck(c: CaseState, change: FreezeNoticeCheckChange, ctx: ChangeContext): ChangePlan {
  const f = c.freeze;
  const overdue =
    f.confirmedAt !== null &&
    f.confirmedAt.getTime() <= ctx.now.getTime() - change.graceMs &&
    f.noticeRecordedAt === null &&
    f.unfrozenAt === null &&
    f.lastAnswer !== 'rejected';
  if (!overdue) return emptyPlan();
  return {
    ...emptyPlan(),
    alerts: [
      {
        type: 'freeze_notice.missing',
        recipients: { teamSupervisors: true, users: [] },
        dedupeKey: `freeze_notice.missing:${c.id}`,
        stage: c.stage,
        notificationId: null,
      },
    ],
  };
}
