/**
 * Calendar arithmetic in a time zone: "6 calendar months from" an instant is the same wall-clock time on the same
 * day of the month six months later in that zone (the month's last day when it is shorter), whatever the offsets.
 */

interface Wall {
  y: number;
  m: number; // 1..12
  d: number;
  h: number;
  min: number;
  s: number;
  ms: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function wallOf(t: number, timeZone: string): Wall {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(t))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { y: parts.year, m: parts.month, d: parts.day, h: parts.hour, min: parts.minute, s: parts.second, ms: ((t % 1000) + 1000) % 1000 };
}

const wallMs = (w: Wall) => Date.UTC(w.y, w.m - 1, w.d, w.h, w.min, w.s, w.ms);

/** The instant showing wall time `w` in the zone (the earlier one in an autumn overlap; skipped times move forward). */
function instantOf(w: Wall, timeZone: string): number {
  const target = wallMs(w);
  let t = target;
  for (let i = 0; i < 3; i++) {
    const offset = wallMs(wallOf(t, timeZone)) - t;
    const next = target - offset;
    if (next === t) break;
    t = next;
  }
  return t;
}

const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** `at` plus `months` calendar months in `timeZone`. */
export function addCalendarMonths(at: Date, months: number, timeZone: string): Date {
  const w = wallOf(at.getTime(), timeZone);
  const index = w.y * 12 + (w.m - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return new Date(instantOf({ ...w, y, m, d: Math.min(w.d, daysIn(y, m)) }, timeZone));
}
