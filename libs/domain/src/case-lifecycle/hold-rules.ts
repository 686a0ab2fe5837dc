import { ACQUIRER_HOLD_KINDS, type HoldBasis, type HoldKind } from '@sentinel/contracts';
import { addCalendarMonths } from '../holds/calendar-months';
import type { HoldSettings } from './case-state';

const HOUR_MS = 3_600_000;

/** A stop-payment (紧急止付) lasts 48 h from its placing: the default and the maximum; one renewal by 48 h. */
export const STOP_PAYMENT_TERM_MS = 48 * HOUR_MS;
export const STOP_PAYMENT_MAX_RENEWALS = 1;
/** A police freeze (冻结) lasts at most 6 calendar months a term, renewable. */
export const FREEZE_TERM_MONTHS = 6;

export const DEFAULT_HOLD_SETTINGS: HoldSettings = Object.freeze({
  stopPaymentLeadMs: 12 * HOUR_MS,
  freezeLeadMs: 14 * 24 * HOUR_MS,
  timeZone: 'UTC',
});

export const isAcquirerHold = (kind: HoldKind): boolean => ACQUIRER_HOLD_KINDS.includes(kind);
export const holdBasis = (kind: HoldKind): HoldBasis => (isAcquirerHold(kind) ? 'acquirer_control' : 'police_instruction');

/** The latest expiry of a term of `kind` that starts at `from` (null: no maximum). */
export function maxExpiry(kind: HoldKind, from: Date, s: HoldSettings): Date | null {
  switch (kind) {
    case 'police_stop_payment':
      return new Date(from.getTime() + STOP_PAYMENT_TERM_MS);
    case 'police_freeze':
      return addCalendarMonths(from, FREEZE_TERM_MONTHS, s.timeZone);
    default:
      return null;
  }
}

/** How long before its expiry a hold's alarm (`hold.expiring`) goes off. */
export function alarmLeadMs(kind: HoldKind, s: HoldSettings): number {
  return kind === 'police_freeze' ? s.freezeLeadMs : s.stopPaymentLeadMs;
}

/** The alarm moment of a term ending at `expiresAt`, never before `notBefore` (the term's start). */
export function alarmAt(kind: HoldKind, expiresAt: Date, notBefore: Date, s: HoldSettings): Date {
  return new Date(Math.max(expiresAt.getTime() - alarmLeadMs(kind, s), notBefore.getTime()));
}
