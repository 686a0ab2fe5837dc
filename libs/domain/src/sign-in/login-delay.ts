/**
 * Sign-in attempts per (account, client address) and per address (docs/api.md "Auth"): a progressive delay instead of
 * a hard lock. The first `freeAttempts` attempts need no wait; from then on each attempt must wait a delay that doubles
 * (base, 2×base, 4×base, … up to `maxMs`) after the one before. A success clears the count, so the right password
 * always works for the right person once the delay has passed — five wrong tries never lock anyone out for good.
 */
export interface LoginDelayPolicy {
  freeAttempts: number;
  baseMs: number;
  maxMs: number;
}

/** How long the next attempt must wait after the `attempt`-th one (1-based) was reserved. */
export function delayAfterAttempt(attempt: number, p: LoginDelayPolicy): number {
  if (attempt < p.freeAttempts) return 0;
  const exp = Math.min(attempt - p.freeAttempts, 30);
  return Math.min(p.baseMs * 2 ** exp, p.maxMs);
}

/** The counter of one key: attempts reserved since the last success, and when the next attempt is allowed. */
export interface AttemptState {
  attempts: number;
  nextAllowedAt: number;
}

export type Reservation = { ok: true; state: AttemptState } | { ok: false; retryAfterMs: number };

/**
 * Reserves an attempt at `now` (the in-memory form of the Redis script in the API, which does the same atomically):
 * refused while the delay runs, else counted before the password is checked, so a parallel burst gets at most
 * `freeAttempts` tries before the first delay.
 */
export function reserveAttempt(state: AttemptState | undefined, now: number, p: LoginDelayPolicy): Reservation {
  const s = state ?? { attempts: 0, nextAllowedAt: 0 };
  if (now < s.nextAllowedAt) return { ok: false, retryAfterMs: s.nextAllowedAt - now };
  const attempts = s.attempts + 1;
  return { ok: true, state: { attempts, nextAllowedAt: now + delayAfterAttempt(attempts, p) } };
}
