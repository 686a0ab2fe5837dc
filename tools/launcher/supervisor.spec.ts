import { DEFAULT_BACKOFF, formatDelay, nextFailures, restartDelayMs } from './supervisor';

describe('restart backoff', () => {
  it.each([
    [1, 1000],
    [2, 2000],
    [3, 4000],
    [4, 8000],
    [5, 16_000],
    [6, 30_000],
    [7, 30_000],
    [100, 30_000],
  ])('should wait before restart after %i failure(s) in a row: %i ms', (failures, ms) => {
    expect(restartDelayMs(failures)).toBe(ms);
  });

  it('should follow a custom policy', () => {
    const policy = { initialMs: 100, maxMs: 250, resetAfterMs: 1000 };
    expect([1, 2, 3, 4].map((n) => restartDelayMs(n, policy))).toEqual([100, 200, 250, 250]);
  });

  it.each([
    [0, 500, 1],
    [3, 500, 4],
    [3, DEFAULT_BACKOFF.resetAfterMs - 1, 4],
    [3, DEFAULT_BACKOFF.resetAfterMs, 1],
    [6, 3_600_000, 1],
  ])('should count %i previous failures and a run of %i ms as %i', (previous, uptimeMs, expected) => {
    expect(nextFailures(previous, uptimeMs)).toBe(expected);
  });

  it('should refuse a failure count below 1', () => {
    expect(() => restartDelayMs(0)).toThrow(/failures/);
  });

  it.each([
    [250, '250 ms'],
    [1000, '1 s'],
    [1500, '1.5 s'],
    [30_000, '30 s'],
  ])('should say %i ms as "%s"', (ms, text) => {
    expect(formatDelay(ms)).toBe(text);
  });
});
