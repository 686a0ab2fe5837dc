/**
 * Display formatting through Intl: money by currency, date-times in the user's time zone,
 * durations. Pure functions (locale and time zone passed in), unit-tested in formatters.test.ts.
 */
import type { Money } from '@sentinel/contracts';

export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

export function isValidTimeZone(tz: string | null | undefined): tz is string {
  if (!tz) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------- money

const digitsCache = new Map<string, number>();

/** ISO 4217 minor-unit digits as Intl knows them (CNY 2, JPY 0, KWD 3). */
export function currencyFractionDigits(currency: string): number {
  const code = currency.toUpperCase();
  const cached = digitsCache.get(code);
  if (cached != null) return cached;
  let digits = 2;
  try {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    digits = 2;
  }
  digitsCache.set(code, digits);
  return digits;
}

/** Integer minor units to a decimal string of major units, exactly (no binary floating point). */
export function minorToMajorString(minor: number | bigint | string, digits: number): string {
  let s = String(minor).trim();
  const negative = s.startsWith('-');
  if (negative) s = s.slice(1);
  s = s.replace(/^0+(?=\d)/, '');
  if (digits === 0) return (negative ? '-' : '') + s;
  s = s.padStart(digits + 1, '0');
  return `${negative ? '-' : ''}${s.slice(0, -digits)}.${s.slice(-digits)}`;
}

export function formatMoney(money: Money | null | undefined, locale: string): string {
  if (!money || money.minor == null || !money.currency) return '';
  const currency = money.currency.toUpperCase();
  const digits = currencyFractionDigits(currency);
  const major = minorToMajorString(money.minor, digits);
  try {
    const nf = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    // Intl accepts decimal strings (exact for amounts beyond 2^53 minor units).
    return nf.format(major as unknown as number);
  } catch {
    return `${major} ${currency}`;
  }
}

// ---------------------------------------------------------------- dates

interface WallParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock reading of `date` in `timeZone`. */
export function wallParts(date: Date, timeZone: string): WallParts {
  const out: Record<string, number> = {};
  for (const p of partsFormatter(timeZone).formatToParts(date)) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return {
    year: out.year,
    month: out.month,
    day: out.day,
    hour: out.hour === 24 ? 0 : out.hour,
    minute: out.minute,
    second: out.second,
  };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function toDate(value: string | number | Date | null | undefined): Date | null {
  if (value == null || value === '') return null;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/**
 * The zone of an instant as a short, unambiguous label: its offset from UTC at that instant (`UTC+8`,
 * `UTC-4` for New York in summer, `UTC+5:30`, `UTC`). Abbreviations such as CST are avoided: they mean
 * China, Central (US) and Cuba Standard Time.
 */
export function zoneLabel(value: string | number | Date, timeZone: string): string {
  const d = toDate(value) ?? new Date();
  const minutes = timeZoneOffsetMinutes(d, timeZone);
  if (minutes === 0) return 'UTC';
  const m = Math.abs(minutes);
  return `UTC${minutes < 0 ? '-' : '+'}${Math.floor(m / 60)}${m % 60 ? `:${pad(m % 60)}` : ''}`;
}

/**
 * `2026-11-25 16:00 UTC+8`: the one date-time format of the console, 24-hour, in the given time zone, with
 * the zone (unambiguous in every locale). `zone: false` leaves the zone out where a column header says it.
 */
export function formatDateTime(
  value: string | number | Date | null | undefined,
  timeZone: string,
  opts: { seconds?: boolean; zone?: boolean } = {},
): string {
  const d = toDate(value);
  if (!d) return '';
  const w = wallParts(d, timeZone);
  const base = `${w.year}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}`;
  const withSeconds = opts.seconds ? `${base}:${pad(w.second)}` : base;
  return opts.zone === false ? withSeconds : `${withSeconds} ${zoneLabel(d, timeZone)}`;
}

export function formatDate(value: string | number | Date | null | undefined, timeZone: string): string {
  const d = toDate(value);
  if (!d) return '';
  const w = wallParts(d, timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}

/** Offset of `timeZone` from UTC at `date`, in minutes (Asia/Shanghai: +480). */
export function timeZoneOffsetMinutes(date: Date, timeZone: string): number {
  const w = wallParts(date, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60000);
}

export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const m = Math.abs(minutes);
  return `${sign}${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
}

/** A short zone label for headers and tooltips, e.g. `Asia/Shanghai (UTC+08:00)`. */
export function describeTimeZone(timeZone: string, at: Date = new Date()): string {
  return `${timeZone} (UTC${formatOffset(timeZoneOffsetMinutes(at, timeZone))})`;
}

/**
 * A wall-clock time typed by the user (`2026-11-25T16:00` from a datetime-local input) read in
 * `timeZone`, as ISO 8601 with that zone's offset (`2026-11-25T16:00:00+08:00`), as the API takes it.
 * Two passes settle the offset around DST changes.
 */
export function zonedWallTimeToIso(wall: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(wall.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => (x == null ? 0 : Number(x)));
  const naive = Date.UTC(y, mo - 1, d, h, mi, s);
  let offset = timeZoneOffsetMinutes(new Date(naive), timeZone);
  offset = timeZoneOffsetMinutes(new Date(naive - offset * 60000), timeZone);
  return `${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}${formatOffset(offset)}`;
}

/** An instant as the value of a datetime-local input, read in `timeZone` (`2026-11-25T16:00`). */
export function isoToZonedWallTime(value: string | Date | null | undefined, timeZone: string): string {
  const d = toDate(value ?? null);
  if (!d) return '';
  const w = wallParts(d, timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/** A typed calendar date (`2026-11-25`, also `2026-1-5` or `2026/01/05`), normalised, or null when it is not one. */
export function parseDateText(text: string): string | null {
  const m = /^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*$/.exec(text);
  if (!m) return null;
  const [y, mo, d] = m.slice(1).map(Number);
  const t = new Date(Date.UTC(y, mo - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return null;
  return `${y}-${pad(mo)}-${pad(d)}`;
}

/**
 * A typed wall-clock time (`2026-11-25 16:00`, `2026-11-25T16:00`, seconds optional) as ISO 8601 with the
 * offset of `timeZone`, or null when the text is not a valid date and time.
 */
export function parseWallTimeText(text: string, timeZone: string): string | null {
  const m = /^\s*(\d{4}[-/.]\d{1,2}[-/.]\d{1,2})(?:[T ]+|\s*)(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$/.exec(text);
  if (!m) return null;
  const date = parseDateText(m[1]);
  const [h, mi, sec] = [Number(m[2]), Number(m[3]), m[4] == null ? 0 : Number(m[4])];
  if (!date || h > 23 || mi > 59 || sec > 59) return null;
  return zonedWallTimeToIso(`${date}T${pad(h)}:${pad(mi)}:${pad(sec)}`, timeZone);
}

// ---------------------------------------------------------------- durations

type Unit = 'd' | 'h' | 'm' | 's';
const UNITS: Record<'en' | 'zh', Record<Unit, string>> = {
  en: { d: 'd', h: 'h', m: 'm', s: 's' },
  zh: { d: '天', h: '小时', m: '分', s: '秒' },
};
function unitsFor(locale: string) {
  return locale.toLowerCase().startsWith('zh') ? UNITS.zh : UNITS.en;
}

/**
 * A length of time, compact, two most significant units: `2d 3h`, `1h 05m`, `4m 09s`, `42s`
 * (zh-CN: `2天3小时`, `1小时05分`). Negative values are shown by their absolute value.
 */
export function formatDuration(ms: number, locale: string): string {
  const u = unitsFor(locale);
  const zh = u === UNITS.zh;
  const sep = zh ? '' : ' ';
  let total = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(total / 86400);
  total -= d * 86400;
  const h = Math.floor(total / 3600);
  total -= h * 3600;
  const m = Math.floor(total / 60);
  const s = total - m * 60;
  if (d > 0) return h > 0 ? `${d}${u.d}${sep}${h}${u.h}` : `${d}${u.d}`;
  if (h > 0) return `${h}${u.h}${sep}${pad(m)}${u.m}`;
  if (m > 0) return `${m}${u.m}${sep}${pad(s)}${u.s}`;
  return `${s}${u.s}`;
}

/** `hh:mm:ss` (or `Nd hh:mm:ss`) for a ticking countdown. */
export function formatClock(ms: number, locale: string): string {
  let total = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(total / 86400);
  total -= d * 86400;
  const hms = `${pad(Math.floor(total / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
  return d > 0 ? `${d}${unitsFor(locale).d} ${hms}` : hms;
}

export interface IsoDurationParts {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const ISO_DURATION = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

export function parseIsoDuration(value: string | null | undefined): IsoDurationParts | null {
  if (!value) return null;
  const m = ISO_DURATION.exec(value.trim().toUpperCase());
  if (!m) return null;
  const n = (x: string | undefined) => (x ? Number(x) : 0);
  return { years: n(m[1]), months: n(m[2]), weeks: n(m[3]), days: n(m[4]), hours: n(m[5]), minutes: n(m[6]), seconds: n(m[7]) };
}

const ISO_WORDS = {
  en: { years: ['year', 'years'], months: ['month', 'months'], weeks: ['week', 'weeks'], days: ['day', 'days'], hours: ['hour', 'hours'], minutes: ['minute', 'minutes'], seconds: ['second', 'seconds'] },
  zh: { years: ['年', '年'], months: ['个月', '个月'], weeks: ['周', '周'], days: ['天', '天'], hours: ['小时', '小时'], minutes: ['分钟', '分钟'], seconds: ['秒', '秒'] },
} as const;

/** `PT1H` -> `1 hour`, `P2D` -> `2 days`, `PT1H30M` -> `1 hour 30 minutes` (zh-CN: `1小时30分钟`). */
export function formatIsoDuration(value: string | null | undefined, locale: string): string {
  const parts = parseIsoDuration(value);
  if (!parts) return value ?? '';
  const zh = locale.toLowerCase().startsWith('zh');
  const words = zh ? ISO_WORDS.zh : ISO_WORDS.en;
  const out: string[] = [];
  for (const k of ['years', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds'] as const) {
    const v = parts[k];
    if (!v) continue;
    out.push(zh ? `${v}${words[k][0]}` : `${v} ${words[k][v === 1 ? 0 : 1]}`);
  }
  if (out.length === 0) return zh ? '0秒' : '0 seconds';
  return out.join(zh ? '' : ' ');
}

// ---------------------------------------------------------------- misc

export function formatBytes(bytes: number | null | undefined, locale: string): string {
  if (bytes == null || Number.isNaN(bytes)) return '';
  const units = ['B', 'KB', 'MB', 'GB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  const nf = new Intl.NumberFormat(locale, { maximumFractionDigits: i === 0 ? 0 : 1 });
  return `${nf.format(v)} ${units[i]}`;
}

export function formatPercent(ratio: number | null | undefined, locale: string, digits = 1): string {
  if (ratio == null || Number.isNaN(ratio)) return '—';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: digits }).format(ratio);
}

export function formatNumber(n: number | null | undefined, locale: string): string {
  if (n == null || Number.isNaN(n)) return '—';
  return new Intl.NumberFormat(locale).format(n);
}
