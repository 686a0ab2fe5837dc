/**
 * ISO 8601 durations as used for SLA targets (docs/api.md "Conventions": `PT2H`, `P1D`, `PT30S`).
 *
 * Decisions (the spec is silent on these):
 * - Accepted forms: `PnW` alone, or `[nD][T[nH][nM][nS]]` with at least one component, e.g. `PT30S`, `PT2H`,
 *   `PT1H30M`, `P1D`, `P1DT4H`, `P2W`. Upper case only, no surrounding blanks, non-negative integers only
 *   (no `PT1.5H`, no `-PT1H`): targets are configured by admins, so a strict grammar is the safer contract.
 * - Years and months (`P1Y`, `P1M`) are refused: their length varies, and "1 month" is not a business
 *   notion an SLA can be computed from. Write `P30D` instead. Weeks mixed with other units (`P1W2D`) are
 *   refused as in ISO 8601:2004 (write `P9D`).
 * - `PnW` is kept apart from days (`weeks` field) because its meaning depends on the clock: on 24x7 it is
 *   n x 7 calendar days (n x 168 h); on a business calendar it is n x 5 working days (one working week),
 *   see sla-calendar/business-time.ts. `durationToMs` (the plain, 24x7 meaning) counts a week as 7 x 24 h.
 * - Zero (`PT0S`, `P0D`) parses; whether zero is an acceptable SLA target is `isValidSlaTarget`'s business.
 * - `formatIsoDuration` rounds to whole seconds and never writes weeks (`P7D`, not `P1W`), so its output
 *   means the same on every calendar when read back as a plain duration.
 */
import { SlaError } from './sla.errors';

export interface IsoDuration {
  /** Only for `PnW`; kept apart from `days` because a business calendar counts a week as 5 working days. */
  weeks?: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const SECOND_MS = 1_000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** Longest duration we parse at all (a sanity bound; calendars cap SLA targets further). */
export const MAX_DURATION_MS = 10 * 366 * DAY_MS;

const WEEKS_RE = /^P(\d{1,6})W$/;
const DHMS_RE = /^P(?:(\d{1,9})D)?(?:T(?:(\d{1,9})H)?(?:(\d{1,9})M)?(?:(\d{1,9})S)?)?$/;
/** Years or months in the date part (before `T`): `P1Y`, `P2M`, `P1Y2M3DT4H`; `PT5M` is minutes. */
const YEARS_OR_MONTHS_RE = /^P[^T]*\d[YM]/;

function invalid(s: unknown, why: string): SlaError {
  return new SlaError('SLA.INVALID_DURATION', `"${String(s)}" is not a valid duration: ${why}`, { value: s });
}

/** Parses an SLA duration; throws `SlaError('SLA.INVALID_DURATION')` with a readable reason otherwise. */
export function parseIsoDuration(s: string): Required<IsoDuration> {
  if (typeof s !== 'string' || s.length === 0) throw invalid(s, 'expected an ISO 8601 duration such as PT2H or P1D');
  if (YEARS_OR_MONTHS_RE.test(s)) {
    throw invalid(s, 'years and months are not supported (their length varies); use days, e.g. P30D');
  }
  let d: Required<IsoDuration>;
  const w = WEEKS_RE.exec(s);
  if (w) {
    d = { weeks: Number(w[1]), days: 0, hours: 0, minutes: 0, seconds: 0 };
  } else {
    const m = DHMS_RE.exec(s);
    if (!m || s === 'P' || s.endsWith('T')) {
      throw invalid(s, 'expected an ISO 8601 duration such as PT30S, PT2H, PT1H30M, P1D, P1DT4H or P1W (whole numbers, upper case)');
    }
    d = {
      weeks: 0,
      days: Number(m[1] ?? 0),
      hours: Number(m[2] ?? 0),
      minutes: Number(m[3] ?? 0),
      seconds: Number(m[4] ?? 0),
    };
  }
  if (durationToMs(d) > MAX_DURATION_MS) {
    throw new SlaError('SLA.DURATION_TOO_LONG', `"${s}" is too long: at most 10 years`, { value: s });
  }
  return d;
}

export function isValidIsoDuration(s: unknown): boolean {
  if (typeof s !== 'string') return false;
  try {
    parseIsoDuration(s);
    return true;
  } catch {
    return false;
  }
}

/** The plain (24x7) length: a day is 24 h, a week 7 days. */
export function durationToMs(d: IsoDuration): number {
  return (
    ((d.weeks ?? 0) * 7 + d.days) * DAY_MS + d.hours * HOUR_MS + d.minutes * MINUTE_MS + d.seconds * SECOND_MS
  );
}

/** True when the duration is zero in every component. */
export function isZeroDuration(d: IsoDuration): boolean {
  return durationToMs(d) === 0;
}

/** Canonical ISO form of a plain length, rounded to whole seconds: 5_400_000 → `PT1H30M`, 0 → `PT0S`. */
export function formatIsoDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) {
    throw new SlaError('SLA.INVALID_DURATION', `cannot format ${ms} ms as a duration`, { value: ms });
  }
  let rest = Math.round(ms / SECOND_MS);
  const days = Math.floor(rest / 86_400);
  rest -= days * 86_400;
  const hours = Math.floor(rest / 3_600);
  rest -= hours * 3_600;
  const minutes = Math.floor(rest / 60);
  const seconds = rest - minutes * 60;
  let out = 'P';
  if (days) out += `${days}D`;
  if (hours || minutes || seconds) {
    out += 'T';
    if (hours) out += `${hours}H`;
    if (minutes) out += `${minutes}M`;
    if (seconds) out += `${seconds}S`;
  }
  return out === 'P' ? 'PT0S' : out;
}
