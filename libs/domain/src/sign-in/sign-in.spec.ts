import { delayAfterAttempt, passwordProblem, reserveAttempt, type AttemptState } from './index';

const policy = { freeAttempts: 5, baseMs: 30_000, maxMs: 900_000 };

describe('sign-in attempts (progressive delay)', () => {
  it('should let the first attempts through without delay, then double the delay up to the maximum', () => {
    expect([1, 2, 3, 4].map((n) => delayAfterAttempt(n, policy))).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8, 9, 10, 11, 50].map((n) => delayAfterAttempt(n, policy))).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 900_000, 900_000, 900_000]);
  });

  it('should refuse while the delay runs and allow the next attempt once it passed (no hard lock)', () => {
    let s: AttemptState | undefined;
    let now = 1_000;
    for (let i = 0; i < 5; i++) {
      const r = reserveAttempt(s, now, policy);
      if (!r.ok) throw new Error('refused a free attempt');
      s = r.state;
    }
    const refused = reserveAttempt(s, now + 29_999, policy);
    expect(refused).toEqual({ ok: false, retryAfterMs: 1 });
    now += 30_000;
    const again = reserveAttempt(s, now, policy);
    expect(again.ok && again.state).toEqual({ attempts: 6, nextAllowedAt: now + 60_000 });
  });

  it('should give a burst of reservations at the same instant at most the free attempts', () => {
    let s: AttemptState | undefined;
    let granted = 0;
    for (let i = 0; i < 100; i++) {
      const r = reserveAttempt(s, 5_000, policy);
      if (r.ok) {
        granted++;
        s = r.state;
      }
    }
    expect(granted).toBe(5);
  });
});

describe('password policy', () => {
  const ctx = { email: 'li.wei@bank.example', current: 'Old-Password-2026!' };
  it.each([
    ['short1!', 'TOO_SHORT'],
    ['x'.repeat(201), 'TOO_LONG'],
    ['aaaaabbbbbbbbbbb', 'INVALID'],
    ['li.wei@bank.example', 'INVALID'],
    ['my-LI.WEI-password-1', 'INVALID'],
    ['Old-Password-2026!', 'INVALID'],
  ])('should refuse %j with %s', (pw, code) => {
    expect(passwordProblem(pw, ctx)?.code).toBe(code);
  });

  it('should accept a long passphrase, counting characters not UTF-16 units', () => {
    expect(passwordProblem('correct horse battery staple', ctx)).toBeNull();
    expect(passwordProblem('银行风控密码很长很安全的一句话', ctx)).toBeNull();
    expect(passwordProblem('😀😀😀😀😀😀', ctx)?.code).toBe('TOO_SHORT');
  });
});
