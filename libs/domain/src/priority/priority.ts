import type { Money, MisuseType, Priority } from '@sentinel/contracts';
import { DateTime } from 'luxon';

/** docs/domain.md "Priority". p1 is the highest. */
export interface PriorityInput {
  misuseType: MisuseType;
  deviceWithMerchant?: boolean | null;
  /** A police stop-payment instruction is attached. */
  policeStopPayment?: boolean;
  amountAtRisk?: Money | null;
  transactions?: Array<{
    at: string | Date;
    maskedPan: string;
    entryMode?: string;
    location?: { lat?: number; lon?: number; address?: string };
  }>;
  /** The terminal's time zone (IANA); when absent the caller's default (opts.timeZone) applies. */
  timeZone?: string;
}

export interface PriorityOptions {
  /** Per-currency p2 thresholds in minor units (ISO 4217 upper case). */
  thresholds?: Record<string, number>;
  /** Default time zone (DEFAULT_TIME_ZONE) when the input has none; UTC when neither is given. */
  timeZone?: string;
}

export interface DerivedPriority {
  priority: Priority;
  /** Every rule that applied: p1 reasons, `amount_at_risk_over_threshold`, then risk signals. */
  reasons: string[];
}

/** Amount at risk at or above which a case is at least p2, in minor units. */
export const DEFAULT_P2_THRESHOLDS: Record<string, number> = {
  CNY: 5_000_000, // CNY 50,000.00
  USD: 700_000,
  EUR: 650_000,
  HKD: 5_500_000,
};

export const RISK_SIGNALS = [
  'chip_fallback_or_magstripe',
  'many_cards',
  'two_places_within_hour',
  'off_hours',
  'risky_misuse_type',
] as const;
export type RiskSignal = (typeof RISK_SIGNALS)[number];

export const PRIORITY_REASONS = {
  deviceNotWithMerchant: 'device_not_with_merchant',
  policeStopPayment: 'police_stop_payment',
  amountOverThreshold: 'amount_at_risk_over_threshold',
} as const;

export const MANY_CARDS_MIN = 5;
export const TWO_PLACES_WINDOW_MS = 60 * 60 * 1000;
export const TWO_PLACES_MIN_KM = 1;
/** Off hours: local time in [00:00, 06:00). */
export const OFF_HOURS_END_HOUR = 6;
export const RISKY_ENTRY_MODES: readonly string[] = ['chip_fallback', 'magstripe'];
export const RISKY_MISUSE_TYPES: readonly MisuseType[] = ['cloned_terminal', 'skimming_tampering'];

const RANK: Record<Priority, number> = { p1: 1, p2: 2, p3: 3, p4: 4 };

export function priorityRank(p: Priority): number {
  return RANK[p];
}

type Tx = NonNullable<PriorityInput['transactions']>[number];

function txTime(at: string | Date): number | null {
  const t = at instanceof Date ? at.getTime() : Date.parse(at);
  return Number.isFinite(t) ? t : null;
}

function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

function coordinates(loc: Tx['location']): { lat: number; lon: number } | null {
  return loc && Number.isFinite(loc.lat) && Number.isFinite(loc.lon) ? { lat: loc.lat!, lon: loc.lon! } : null;
}

function addressKey(loc: Tx['location']): string | null {
  const a = loc?.address?.normalize('NFKC').replace(/\s+/gu, ' ').trim().toLowerCase();
  return a ? a : null;
}

/**
 * Two places: when both have coordinates, more than 1 km apart; otherwise when both have
 * addresses, different addresses (compared after NFKC, whitespace and case folding).
 */
export function differentPlaces(a: Tx['location'], b: Tx['location']): boolean {
  const ca = coordinates(a);
  const cb = coordinates(b);
  if (ca && cb) return distanceKm(ca, cb) > TWO_PLACES_MIN_KM;
  const aa = addressKey(a);
  const ab = addressKey(b);
  return aa !== null && ab !== null && aa !== ab;
}

function twoPlacesWithinHour(txs: Tx[]): boolean {
  const timed = txs
    .map((tx) => ({ t: txTime(tx.at), loc: tx.location }))
    .filter((x): x is { t: number; loc: Tx['location'] } => x.t !== null && !!x.loc)
    .sort((x, y) => x.t - y.t);
  for (let i = 0; i < timed.length; i++) {
    for (let j = i + 1; j < timed.length && timed[j].t - timed[i].t <= TWO_PLACES_WINDOW_MS; j++) {
      if (differentPlaces(timed[i].loc, timed[j].loc)) return true;
    }
  }
  return false;
}

function localHour(t: number, timeZone: string): number {
  let dt = DateTime.fromMillis(t, { zone: timeZone });
  if (!dt.isValid) dt = DateTime.fromMillis(t, { zone: 'UTC' });
  return dt.hour;
}

function panKey(maskedPan: string): string {
  return maskedPan.trim().replace(/[Xx•]/gu, '*');
}

/** The risk signals present, in RISK_SIGNALS order. An unknown time zone falls back to UTC. */
export function riskSignals(input: PriorityInput, tz: string): RiskSignal[] {
  const txs = input.transactions ?? [];
  const present = new Set<RiskSignal>();
  if (txs.some((tx) => RISKY_ENTRY_MODES.includes((tx.entryMode ?? '').toLowerCase()))) {
    present.add('chip_fallback_or_magstripe');
  }
  if (new Set(txs.map((tx) => panKey(tx.maskedPan)).filter(Boolean)).size >= MANY_CARDS_MIN) present.add('many_cards');
  if (twoPlacesWithinHour(txs)) present.add('two_places_within_hour');
  if (
    txs.some((tx) => {
      const t = txTime(tx.at);
      return t !== null && localHour(t, tz) < OFF_HOURS_END_HOUR;
    })
  ) {
    present.add('off_hours');
  }
  if (RISKY_MISUSE_TYPES.includes(input.misuseType)) present.add('risky_misuse_type');
  return RISK_SIGNALS.filter((s) => present.has(s));
}

function amountOverThreshold(amount: Money | null | undefined, thresholds: Record<string, number>): boolean {
  if (!amount) return false;
  const threshold = thresholds[amount.currency.toUpperCase()];
  return threshold !== undefined && amount.minor >= threshold;
}

/**
 * p1 — device not with the merchant (explicit false), or a police stop-payment instruction;
 * p2 — amount at risk at or above its currency's threshold, or two or more risk signals;
 * p3 — one signal; p4 — none. A currency without a threshold never triggers the amount rule.
 */
export function derivePriority(input: PriorityInput, opts: PriorityOptions = {}): DerivedPriority {
  const tz = input.timeZone ?? opts.timeZone ?? 'UTC';
  const reasons: string[] = [];
  if (input.deviceWithMerchant === false) reasons.push(PRIORITY_REASONS.deviceNotWithMerchant);
  if (input.policeStopPayment) reasons.push(PRIORITY_REASONS.policeStopPayment);
  const p1 = reasons.length > 0;
  const overThreshold = amountOverThreshold(input.amountAtRisk, opts.thresholds ?? DEFAULT_P2_THRESHOLDS);
  if (overThreshold) reasons.push(PRIORITY_REASONS.amountOverThreshold);
  const signals = riskSignals(input, tz);
  reasons.push(...signals);
  const priority: Priority = p1
    ? 'p1'
    : overThreshold || signals.length >= 2
      ? 'p2'
      : signals.length === 1
        ? 'p3'
        : 'p4';
  return { priority, reasons };
}

/** Re-derivation only ever raises the priority, and never touches a supervisor's override. */
export function raisePriority(current: Priority, derived: Priority, overridden: boolean): Priority {
  if (overridden) return current;
  return priorityRank(derived) < priorityRank(current) ? derived : current;
}
