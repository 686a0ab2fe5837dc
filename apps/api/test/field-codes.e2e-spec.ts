import { randomUUID } from 'node:crypto';
import { FIELD_CODES } from '@sentinel/contracts';
import { auth, expectProblem, TestApp, type TestUser } from './test-app';

/**
 * `fieldCodes` beside `errors` (docs/api.md "Conventions"): every 422 with field errors names a stable code per
 * field, from DTO validation and from the domain's payload rules alike. (Every suite also checks every problem it
 * met, through TestApp's problem recorder.)
 */
const future = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

describe('Field codes in validation problems (API end to end)', () => {
  let t: TestApp;
  let analyst: TestUser;
  let supervisor: TestUser;

  beforeAll(async () => {
    t = await TestApp.start('field-codes');
    [analyst, supervisor] = await Promise.all([t.createUser('analyst'), t.createUser('supervisor')]);
  });
  afterAll(() => t?.stop());

  const send = (method: 'post' | 'put', path: string, body: unknown, token = analyst.token) => t.http()[method](path).set(auth(token)).send(body as object);
  const codesOf = (body: Record<string, any>) => body.fieldCodes as Record<string, string>;

  async function openCase(): Promise<{ id: string; version: number }> {
    const sn = `FC-${randomUUID().slice(0, 8).toUpperCase()}`;
    const r = await send('post', '/api/reports', { sn, channel: 'cardholder', misuseType: 'other' });
    expect(r.status).toBe(201);
    const claimed = await send('post', `/api/cases/${r.body.caseId}/actions/claim`, { version: 1 });
    expect(claimed.status).toBe(200);
    return { id: r.body.caseId, version: claimed.body.version };
  }

  it('should code DTO validation of a report field by field', async () => {
    const missing = expectProblem(await send('post', '/api/reports', {}), 422, 'VALIDATION.FAILED');
    expect(codesOf(missing)).toEqual({ sn: 'REQUIRED', channel: 'REQUIRED', misuseType: 'REQUIRED' });

    const bad = expectProblem(
      await send('post', '/api/reports', { sn: 'AB!', channel: 'pigeon', misuseType: 'other', amountAtRisk: { minor: 1.5, currency: 'CNY' } }),
      422,
      'VALIDATION.FAILED',
    );
    expect(codesOf(bad)).toMatchObject({ channel: 'NOT_ALLOWED', 'amountAtRisk.minor': 'INVALID_TYPE' });
    expect(Object.keys(codesOf(bad)).sort()).toEqual(Object.keys(bad.errors).sort());
  });

  it('should code the SN rule of the domain', async () => {
    const p = expectProblem(await send('post', '/api/reports', { sn: 'AB', channel: 'cardholder', misuseType: 'other' }), 422, 'VALIDATION.FAILED');
    expect(p.errors).toEqual({ sn: expect.any(String) });
    expect(codesOf(p)).toEqual({ sn: 'PATTERN' });
  });

  it('should code the payload rules of case actions (missing, not allowed, in the future)', async () => {
    const c = await openCase();
    const act = (action: string, payload: Record<string, unknown>) => send('post', `/api/cases/${c.id}/actions/${action}`, { version: c.version, ...payload });

    expect(codesOf(expectProblem(await act('confirm_freeze', { bankReference: 'X-1', confirmedAt: future(60) }), 422, 'VALIDATION.FAILED'))).toEqual({
      confirmedAt: 'IN_FUTURE',
    });
    expect(codesOf(expectProblem(await act('confirm_freeze', { bankReference: 'X-1' }), 422, 'VALIDATION.FAILED'))).toEqual({ confirmedAt: 'REQUIRED' });
    expect(codesOf(expectProblem(await act('add_note', {}), 422, 'VALIDATION.FAILED'))).toEqual({ text: 'REQUIRED' });
    expect(codesOf(expectProblem(await send('post', `/api/cases/${c.id}/actions/claim`, {}), 422, 'VALIDATION.FAILED'))).toEqual({ version: 'REQUIRED' });
  });

  it('should code settings validation (SLA policy, calendar, queue filter, own time zone)', async () => {
    const admin = t.adminToken;
    expect(codesOf(expectProblem(await send('put', '/api/sla-policies/freeze', { warnAtPercent: 100 }, admin), 422, 'VALIDATION.FAILED'))).toEqual({
      warnAtPercent: 'OUT_OF_RANGE',
    });
    expect(codesOf(expectProblem(await send('put', '/api/sla-policies/freeze', { calendarId: 'no-such-calendar' }, admin), 422, 'VALIDATION.FAILED'))).toEqual({
      calendarId: 'NOT_FOUND',
    });
    const cal = await send(
      'post',
      '/api/calendars',
      { id: 'fc-cal', name: 'FC', timeZone: 'Asia/Shanghai', workingHours: { mon: ['18:00', '09:00'] }, holidays: ['2026-02-30'] },
      admin,
    );
    expect(codesOf(expectProblem(cal, 422, 'VALIDATION.FAILED'))).toEqual({ 'workingHours.mon': 'OUT_OF_RANGE', 'holidays.0': 'INVALID_DATE' });
    const q = await send('post', '/api/queues', { name: 'Bad', filter: { stage: 'nowhere' } }, supervisor.token);
    expect(codesOf(expectProblem(q, 422, 'VALIDATION.FAILED'))).toEqual({ 'filter.stage': 'NOT_ALLOWED' });
    const tz = await send('put', '/api/auth/me', { timeZone: 'Mars/Olympus' });
    expect(codesOf(expectProblem(tz, 422, 'VALIDATION.FAILED'))).toEqual({ timeZone: 'NOT_ALLOWED' });
  });

  it('should have recorded only problems whose field codes are documented and complete', () => {
    const withErrors = t.problems.seen.filter((p) => p.body.errors);
    expect(withErrors.length).toBeGreaterThanOrEqual(10);
    for (const p of withErrors) {
      expect(Object.keys(p.body.fieldCodes as object).sort()).toEqual(Object.keys(p.body.errors as object).sort());
      for (const code of Object.values(p.body.fieldCodes as object)) expect(FIELD_CODES).toContain(code);
    }
    expect(t.problems.violations()).toEqual([]);
  });
});
