import { describePick, pickPort } from './ports';

/** isFree stand-in: the ports in `busy` are taken. */
const freeExcept = (...busy: number[]) => async (port: number) => !busy.includes(port);

describe('pickPort', () => {
  it('should take the usual port when it is free', async () => {
    expect(await pickPort({ role: 'bank sandbox', envName: 'BANK_SANDBOX_PORT', given: undefined, usual: 4010, isFree: freeExcept() })).toEqual({
      port: 4010,
      given: false,
      usual: 4010,
    });
  });

  it('should take the next free one, skipping ports already picked for another role', async () => {
    const pick = await pickPort({ role: 'worker metrics', envName: 'WORKER_METRICS_PORT', given: undefined, usual: 9465, taken: new Set([9466]), isFree: freeExcept(9465) });
    expect(pick.port).toBe(9467);
    expect(describePick('worker metrics', pick)).toBe('worker metrics 9467 (9465 was taken)');
  });

  it('should keep a given port, and refuse it when taken instead of choosing another', async () => {
    const pick = await pickPort({ role: 'API metrics', envName: 'METRICS_PORT', given: 9999, usual: 9464, isFree: freeExcept() });
    expect(describePick('API metrics', pick)).toBe('API metrics 9999 (given)');
    await expect(pickPort({ role: 'API metrics', envName: 'METRICS_PORT', given: 9999, usual: 9464, isFree: freeExcept(9999) })).rejects.toThrow(
      /Port 9999 \(METRICS_PORT, API metrics\) is taken.*unset METRICS_PORT/,
    );
  });

  it('should ask the OS when the whole range is taken', async () => {
    const pick = await pickPort({ role: 'x', envName: 'X_PORT', given: undefined, usual: 20000, isFree: async (p: number) => p < 20000 || p >= 20050 });
    expect(pick.port).toBeGreaterThan(0);
    expect(pick.port < 20000 || pick.port >= 20050).toBe(true);
  });
});
