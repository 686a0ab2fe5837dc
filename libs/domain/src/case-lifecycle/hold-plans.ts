import { FREEZE_SCOPES, HOLD_KINDS, type FreezeScope, type HoldKind, type NotificationType } from '@sentinel/contracts';
import { DomainError, validationFailed } from '../errors';
import type { HoldTimerChange } from './case-change';
import { SYSTEM_ACTOR, type ActorCtx, type CaseState, type ChangeContext, type HoldFacts, type HoldSettings } from './case-state';
import { emptyPlan, type AlertDraft, type ChangePlan, type OutboxWrite } from './change-plan';
import { alarmAt, DEFAULT_HOLD_SETTINGS, holdBasis, isAcquirerHold, maxExpiry, STOP_PAYMENT_MAX_RENEWALS } from './hold-rules';
import { notificationBody, type NotificationBody } from './notification-body';
import { optionalText, requireOneOf, requirePastTime, requireText, requireTime } from './payload-rules';
import { effect, type ActionEffect } from './plan-helpers';

type Payload = Record<string, unknown>;

const settingsOf = (ctx: ChangeContext): HoldSettings => ctx.holdSettings ?? DEFAULT_HOLD_SETTINGS;
const iso = (d: Date | null) => d?.toISOString() ?? null;

function requireScope(p: Payload): FreezeScope[] {
  const v = p.scope;
  if (v === undefined || v === null) throw validationFailed({ scope: { code: 'REQUIRED', message: 'is required' } });
  if (!Array.isArray(v)) throw validationFailed({ scope: { code: 'INVALID_TYPE', message: 'must be a list' } });
  if (!v.length) throw validationFailed({ scope: { code: 'TOO_FEW', message: 'must name terminal, settlement or both' } });
  for (const s of v) {
    if (!FREEZE_SCOPES.includes(s as FreezeScope)) throw validationFailed({ scope: { code: 'NOT_ALLOWED', message: `must be made of ${FREEZE_SCOPES.join(', ')}` } });
  }
  return FREEZE_SCOPES.filter((s) => v.includes(s));
}

function optionalTime(p: Payload, field: string): Date | null {
  return p[field] === undefined || p[field] === null ? null : requireTime(p, field);
}

const outOfRange = (field: string, message: string) => validationFailed({ [field]: { code: 'OUT_OF_RANGE', message } }, `${field} ${message}.`);

/** The hold a renewal or release names, else 422 on `holdId`. */
function holdOf(c: CaseState, p: Payload): HoldFacts {
  const id = requireText(p, 'holdId');
  const h = c.holds.find((x) => x.id === id);
  if (!h) throw validationFailed({ holdId: { code: 'NOT_FOUND', message: 'is not a hold of this case' } });
  return h;
}

/** A hold that was released, or lapsed (its timer may not have run yet), takes no renewal or release. */
function requireActive(h: HoldFacts, action: string, ctx: ChangeContext): void {
  const lapsed = h.expiresAt !== null && h.expiresAt.getTime() <= ctx.now.getTime();
  if (h.status !== 'active' || lapsed) {
    const status = h.status === 'active' ? 'expired' : h.status;
    throw new DomainError('HOLD.NOT_ACTIVE', `Cannot ${action} the hold: it is ${status}.`, { holdId: h.id, status });
  }
}

/** The bank's hold notification (acquirer holds on a case with a known bank). */
function holdNotice(
  c: CaseState,
  type: Extract<NotificationType, 'hold.placed' | 'hold.released'>,
  h: { id: string; kind: HoldKind; scope: FreezeScope[]; placedAt: Date; expiresAt: Date | null },
  ctx: ChangeContext,
  release?: { at: Date; reason: string; expired: boolean },
): OutboxWrite[] {
  if (!isAcquirerHold(h.kind) || !c.bankCode) return [];
  const id = ctx.newId();
  const base = { ...notificationBody(c, { id, type, bankCode: c.bankCode, at: ctx.now, ...(release ? { reason: release.reason } : {}) }), scope: h.scope };
  const hold = {
    id: h.id,
    kind: h.kind,
    placedAt: h.placedAt.toISOString(),
    expiresAt: iso(h.expiresAt),
    ...(release ? { releasedAt: release.at.toISOString(), expired: release.expired } : {}),
  };
  const body: NotificationBody = type === 'hold.placed' ? { ...base, type, hold } : { ...base, type, hold };
  return [{ op: 'queue', id, type, bankCode: c.bankCode, at: ctx.now, body }];
}

/**
 * `place_hold { kind, scope, instructionNumber?, issuingAuthority?, placedAt, expiresAt? }` (docs/api.md "Holds and
 * police orders"): police kinds need the instruction number and the authority; a stop-payment lasts 48 h from
 * `placedAt` (default and maximum), a police freeze needs an expiry at most 6 calendar months away; an expiry must
 * lie ahead. The alarm is set at the kind's lead time before the expiry. A stop-payment raises the case to `p1`
 * (docs/domain.md "Priority") unless a supervisor's override holds; an acquirer hold tells the bank (`hold.placed`).
 */
export function planPlaceHold(c: CaseState, p: Payload, actor: ActorCtx, ctx: ChangeContext): ActionEffect {
  const s = settingsOf(ctx);
  const kind = requireOneOf(p, 'kind', HOLD_KINDS);
  const scope = requireScope(p);
  const police = !isAcquirerHold(kind);
  const instructionNumber = police ? requireText(p, 'instructionNumber', 'is required for a police order') : optionalText(p, 'instructionNumber');
  const issuingAuthority = police ? requireText(p, 'issuingAuthority', 'is required for a police order') : optionalText(p, 'issuingAuthority');
  const placedAt = requirePastTime(p, 'placedAt', ctx.now);
  const max = maxExpiry(kind, placedAt, s);
  let expiresAt = optionalTime(p, 'expiresAt');
  if (kind === 'police_stop_payment') expiresAt ??= max;
  if (kind === 'police_freeze' && !expiresAt) {
    throw validationFailed({ expiresAt: { code: 'REQUIRED', message: 'is required for a police freeze (at most 6 calendar months)' } });
  }
  if (expiresAt) {
    if (expiresAt.getTime() <= placedAt.getTime()) throw outOfRange('expiresAt', 'must be after placedAt');
    if (max && expiresAt.getTime() > max.getTime()) {
      throw outOfRange('expiresAt', kind === 'police_stop_payment' ? 'may be at most 48 hours after placedAt' : 'may be at most 6 calendar months after placedAt');
    }
    if (expiresAt.getTime() <= ctx.now.getTime()) throw outOfRange('expiresAt', 'has already passed: the order has lapsed');
  }
  const id = ctx.newId();
  const hold = {
    id,
    kind,
    scope,
    basis: holdBasis(kind),
    instructionNumber,
    issuingAuthority,
    placedAt,
    placedBy: actor.id,
    expiresAt,
    warnAt: expiresAt ? alarmAt(kind, expiresAt, placedAt, s) : null,
    createdAt: ctx.now,
  };
  const raise = kind === 'police_stop_payment' && !c.priorityOverridden && c.priority !== 'p1';
  return {
    ...effect('place_hold', {
      holdId: id,
      kind,
      scope,
      basis: hold.basis,
      instructionNumber,
      issuingAuthority,
      placedAt: placedAt.toISOString(),
      expiresAt: iso(expiresAt),
      ...(raise ? { before: { priority: c.priority }, after: { priority: 'p1' } } : {}),
    }),
    ...(raise ? { patch: { priority: 'p1' as const } } : {}),
    records: [{ record: 'hold_placed', hold }],
    outbox: holdNotice(c, 'hold.placed', hold, ctx),
  };
}

/**
 * `renew_hold { holdId, expiresAt?, instructionNumber? }`: only an active hold (else HOLD.NOT_ACTIVE); a stop-payment
 * once (the second → HOLD.RENEWAL_LIMIT), by at most 48 h from its current expiry (the default); a police freeze by
 * at most 6 calendar months from its current expiry (the default); an acquirer hold to the given `expiresAt`. The
 * new expiry must be later than the current one; the alarm re-arms for it.
 */
export function planRenewHold(c: CaseState, p: Payload, actor: ActorCtx, ctx: ChangeContext): ActionEffect {
  const s = settingsOf(ctx);
  const h = holdOf(c, p);
  requireActive(h, 'renew', ctx);
  if (h.kind === 'police_stop_payment' && h.renewals >= STOP_PAYMENT_MAX_RENEWALS) {
    throw new DomainError('HOLD.RENEWAL_LIMIT', 'An emergency stop-payment may be renewed only once.', { holdId: h.id, renewals: h.renewals });
  }
  const current = h.expiresAt ?? ctx.now;
  const max = maxExpiry(h.kind, current, s);
  const requested = optionalTime(p, 'expiresAt');
  if (!requested && !max) throw validationFailed({ expiresAt: { code: 'REQUIRED', message: 'is required to renew an acquirer hold' } });
  const expiresAt = requested ?? max!;
  if (expiresAt.getTime() <= current.getTime()) throw outOfRange('expiresAt', 'must be later than the current expiry');
  if (max && expiresAt.getTime() > max.getTime()) {
    throw outOfRange('expiresAt', h.kind === 'police_stop_payment' ? 'may be at most 48 hours after the current expiry' : 'may be at most 6 calendar months after the current expiry');
  }
  const instructionNumber = optionalText(p, 'instructionNumber');
  const warnAt = alarmAt(h.kind, expiresAt, ctx.now, s);
  return {
    ...effect('renew_hold', {
      holdId: h.id,
      kind: h.kind,
      renewalNo: h.renewals + 1,
      before: { expiresAt: iso(h.expiresAt) },
      after: { expiresAt: expiresAt.toISOString() },
      ...(instructionNumber ? { instructionNumber } : {}),
    }),
    records: [{ record: 'hold_renewed', holdId: h.id, at: ctx.now, by: actor.id, expiresAt, warnAt, instructionNumber }],
  };
}

/** `release_hold { holdId, reason }`: an active hold is released (an acquirer hold tells the bank, `hold.released`). */
export function planReleaseHold(c: CaseState, p: Payload, actor: ActorCtx, ctx: ChangeContext): ActionEffect {
  const h = holdOf(c, p);
  const reason = requireText(p, 'reason', 'is required to release a hold');
  requireActive(h, 'release', ctx);
  return {
    ...effect('release_hold', { holdId: h.id, kind: h.kind, reason, before: { status: 'active' }, after: { status: 'released' } }),
    records: [{ record: 'hold_released', holdId: h.id, at: ctx.now, by: actor.id, reason }],
    outbox: holdNotice(c, 'hold.released', h, ctx, { at: ctx.now, reason, expired: false }),
  };
}

function holdAlert(c: CaseState, type: 'hold.expiring' | 'hold.expired', dedupeKey: string): AlertDraft {
  return { type, recipients: { teamSupervisors: true, users: c.assigneeId ? [c.assigneeId] : [] }, dedupeKey, stage: c.stage, notificationId: null };
}

/**
 * A hold's timer (docs/api.md "Holds and police orders"), with the guarantees of SLA timers: the hold row, loaded
 * under the case lock, decides; each moment is recorded once (a second wake-up is `skipped`); a wake-up before its
 * moment (a renewal moved it) records nothing and says when (`not_yet`). Past the expiry the hold becomes `expired`
 * (`hold.expired` event and alert; an acquirer hold tells the bank `hold.released` with `expired: true`), whichever
 * wake-up comes first; before it, the alarm (`hold.expiring`, once per expiry) to the case team's supervisors and the
 * assignee. Holds outlive their case: a closed case's holds keep their timers.
 */
export function planHoldTimer(c: CaseState, change: HoldTimerChange, ctx: ChangeContext): ChangePlan {
  const plan = emptyPlan();
  const skip = (reason: 'not_active' | 'already_recorded' | 'no_expiry'): ChangePlan => ({
    ...plan,
    result: { kind: 'hold_timer', outcome: 'skipped', holdId: change.holdId, reason },
  });
  const h = c.holds.find((x) => x.id === change.holdId);
  if (!h || h.status !== 'active') return skip('not_active');
  if (!h.expiresAt) return skip('no_expiry');
  const now = ctx.now.getTime();
  const base = { holdId: h.id, kind: h.kind, expiresAt: h.expiresAt.toISOString(), warnAt: iso(h.warnAt) };
  if (h.expiresAt.getTime() <= now) {
    const lateMs = now - h.expiresAt.getTime();
    return {
      ...plan,
      records: [{ record: 'hold_expired', holdId: h.id, at: ctx.now }],
      events: [{ actor: SYSTEM_ACTOR, action: 'hold.expired', data: { ...base, lateMs, warningRecorded: !!h.warnedAt, before: { status: 'active' }, after: { status: 'expired' } } }],
      alerts: [holdAlert(c, 'hold.expired', `hold.expired:${h.id}`)],
      outbox: holdNotice(c, 'hold.released', h, ctx, { at: ctx.now, reason: 'expired', expired: true }),
      result: { kind: 'hold_timer', outcome: 'expired', holdId: h.id, moment: h.expiresAt, lateMs },
    };
  }
  if (change.timer === 'due') return { ...plan, result: { kind: 'hold_timer', outcome: 'not_yet', holdId: h.id, timer: 'due', nextAt: h.expiresAt } };
  if (h.warnedAt) return skip('already_recorded');
  if (!h.warnAt) return skip('no_expiry');
  if (h.warnAt.getTime() > now) return { ...plan, result: { kind: 'hold_timer', outcome: 'not_yet', holdId: h.id, timer: 'warning', nextAt: h.warnAt } };
  const lateMs = now - h.warnAt.getTime();
  return {
    ...plan,
    records: [{ record: 'hold_warned', holdId: h.id, at: ctx.now }],
    events: [{ actor: SYSTEM_ACTOR, action: 'hold.expiring', data: { ...base, lateMs } }],
    alerts: [holdAlert(c, 'hold.expiring', `hold.expiring:${h.id}:${h.expiresAt.getTime()}`)],
    result: { kind: 'hold_timer', outcome: 'warned', holdId: h.id, moment: h.warnAt, lateMs },
  };
}
