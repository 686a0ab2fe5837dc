/**
 * The bank-delivery attempt schedule (docs/api.md "Banks and notifications": attempts at 0, 10 s, 30 s, 1 min, 2 min,
 * 5 min, 10 min, 20 min, then `dead`). Pure functions, unit-tested.
 *
 * Decisions:
 * - `DELIVERY_SCHEDULE` is a comma-separated list of offsets from the first attempt, each `0` or a number with a
 *   unit `ms`, `s`, `m` or `h` (`0,200ms,400ms`, `0,10s,30s,1m`). The first must be 0 (the API enqueues the first
 *   attempt at once) and the list strictly increasing; its length is the number of attempts.
 * - After attempt k fails, the next one waits the gap between offsets k and k+1 (1-based), ±`jitter` (10%):
 *   exponential backoff with jitter that reproduces the schedule when attempts are quick, and that never crams
 *   attempts together after a slow one (a timeout does not eat the next gap).
 */

const TOKEN_RE = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)$/i;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export const DEFAULT_DELIVERY_SCHEDULE = '0,10s,30s,1m,2m,5m,10m,20m';
export const DEFAULT_DELIVERY_JITTER = 0.1;

export function parseDeliverySchedule(raw: string): number[] {
  const tokens = raw.split(',').map((t) => t.trim());
  if (tokens.length === 0 || tokens.some((t) => t === '')) {
    throw new Error(`DELIVERY_SCHEDULE must be a comma-separated list of offsets like "${DEFAULT_DELIVERY_SCHEDULE}" (got "${raw}")`);
  }
  const out = tokens.map((t) => {
    if (t === '0') return 0;
    const m = TOKEN_RE.exec(t);
    if (!m) throw new Error(`DELIVERY_SCHEDULE: "${t}" is not 0 or a number with a unit ms, s, m or h (e.g. 500ms, 10s, 2m)`);
    return Math.round(Number(m[1]) * UNIT_MS[m[2].toLowerCase()]);
  });
  if (out[0] !== 0) throw new Error(`DELIVERY_SCHEDULE: the first attempt must be at 0 (got "${tokens[0]}")`);
  for (let i = 1; i < out.length; i++) {
    if (out[i] <= out[i - 1]) throw new Error(`DELIVERY_SCHEDULE: offsets must increase ("${tokens[i]}" is not after "${tokens[i - 1]}")`);
  }
  return out;
}

/**
 * Delay before the attempt that follows failed attempt `attemptNo` (1-based), or null when `attemptNo` was the
 * last one. `random` in [0, 1) picks the jitter (Math.random in production, fixed in tests).
 */
export function nextAttemptDelayMs(scheduleMs: readonly number[], attemptNo: number, jitter = DEFAULT_DELIVERY_JITTER, random = Math.random()): number | null {
  if (attemptNo >= scheduleMs.length) return null;
  const gap = scheduleMs[attemptNo] - scheduleMs[Math.max(0, attemptNo - 1)];
  const factor = 1 + jitter * (2 * random - 1);
  return Math.max(0, Math.round(gap * factor));
}

export function formatSchedule(scheduleMs: readonly number[]): string {
  return scheduleMs.map((ms) => (ms === 0 ? '0' : ms % 60_000 === 0 ? `${ms / 60_000}m` : ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`)).join(',');
}
