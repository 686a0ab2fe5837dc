import type { Response } from 'supertest';
import { verifyChain } from '@sentinel/domain';
import { auth, expectProblem, TestApp, type TestUser } from './test-app';

/** Report intake under concurrency: Idempotency-Key replays and SN dedupe (docs/api.md "Reports and cases"). */
describe('Report intake: idempotency and SN dedupe (API end to end)', () => {
  let t: TestApp;
  let intake: TestUser;
  let intake2: TestUser;
  let analyst: TestUser;
  let auditor: TestUser;
  let snSeq = 0;

  beforeAll(async () => {
    t = await TestApp.start('intake');
    [intake, intake2, analyst, auditor] = await Promise.all([
      t.createUser('intake'),
      t.createUser('intake'),
      t.createUser('analyst'),
      t.createUser('auditor'),
    ]);
  });
  afterAll(() => t?.stop());

  const nextSn = () => `INTAKE-${String(++snSeq).padStart(6, '0')}`;
  const body = (sn: string, extra: Record<string, unknown> = {}) => ({
    sn,
    channel: 'partner_api',
    misuseType: 'cloned_terminal',
    merchantName: 'Lucky Noodles',
    amountAtRisk: { minor: 1250000, currency: 'CNY' },
    description: 'Swipes in another city',
    ...extra,
  });
  const post = (u: TestUser, b: unknown, key?: string) => {
    const req = t.http().post('/api/reports').set(auth(u.token));
    if (key !== undefined) req.set('Idempotency-Key', key);
    return req.send(b as object);
  };
  const count = async (sql: string, args: unknown[]) => Number((await t.ds.query(sql, args))[0].n);
  const casesOf = (sn: string) => count(`SELECT count(*) AS n FROM cases WHERE sn = $1`, [sn]);
  const reportsOf = (sn: string) => count(`SELECT count(*) AS n FROM reports WHERE sn = $1`, [sn]);
  const all = <T>(n: number, f: (i: number) => Promise<T>) => Promise.all(Array.from({ length: n }, (_, i) => f(i)));

  it('should open exactly one case and one report for 20 concurrent identical requests, replaying the first response', async () => {
    const sn = nextSn();
    const res: Response[] = await all(20, () => post(intake, body(sn), 'same-key-1'));
    for (const r of res) expect(r.status).toBe(201);
    const first = res.filter((r) => r.headers['idempotent-replayed'] !== 'true');
    const replays = res.filter((r) => r.headers['idempotent-replayed'] === 'true');
    expect(first).toHaveLength(1);
    expect(replays).toHaveLength(19);
    for (const r of res) {
      expect(r.body).toEqual(first[0].body);
      expect(r.headers.location).toBe(`/api/reports/${first[0].body.id}`);
    }
    expect(first[0].body).toEqual({ id: expect.any(String), caseId: expect.any(String), caseReference: expect.stringMatching(/^SNC-/), linkedToExisting: false });
    expect(await casesOf(sn)).toBe(1);
    expect(await reportsOf(sn)).toBe(1);
    const events = (await t.http().get(`/api/cases/${first[0].body.caseId}/events`).set(auth(auditor.token)).expect(200)).body;
    expect(events.map((e: { action: string }) => e.action)).toEqual(['case.opened']);

    // a later replay (body with its keys in another order: the hash is of the canonical JSON) is identical too
    const reordered = Object.fromEntries(Object.entries(body(sn)).reverse());
    const late = await post(intake, reordered, 'same-key-1');
    expect(late.status).toBe(201);
    expect(late.headers['idempotent-replayed']).toBe('true');
    expect(late.body).toEqual(first[0].body);
    expect(await reportsOf(sn)).toBe(1);
  });

  it('should link 20 concurrent different reports for one SN (any spelling, with or without keys) to exactly one open case', async () => {
    const sn = nextSn();
    const spellings = [sn, sn.toLowerCase(), ` ${sn.slice(0, 4)} ${sn.slice(4)} `, sn.replace(/[A-Z0-9-]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0))];
    const res: Response[] = await all(20, (i) =>
      post(i % 2 ? analyst : intake, body(spellings[i % spellings.length], { description: `report ${i}`, channel: i % 2 ? 'cardholder' : 'partner_api' }), i < 10 ? `dedupe-${i}` : undefined),
    );
    for (const r of res) expect(r.status).toBe(201);
    const caseIds = new Set(res.map((r) => r.body.caseId));
    expect(caseIds.size).toBe(1);
    expect(new Set(res.map((r) => r.body.id)).size).toBe(20);
    expect(res.filter((r) => r.body.linkedToExisting === false)).toHaveLength(1);
    expect(res.filter((r) => r.body.linkedToExisting === true)).toHaveLength(19);
    expect(res.every((r) => r.headers['idempotent-replayed'] === undefined)).toBe(true);
    const [caseId] = [...caseIds];
    expect(await count(`SELECT count(*) AS n FROM cases WHERE sn = $1 AND status = 'open'`, [sn])).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM reports WHERE case_id = $1`, [caseId])).toBe(20);

    const c = (await t.http().get(`/api/cases/${caseId}`).set(auth(auditor.token)).expect(200)).body;
    expect(c.reports).toHaveLength(20);
    expect(c.sn).toBe(sn);
    const events = (await t.http().get(`/api/cases/${caseId}/events`).set(auth(auditor.token)).expect(200)).body;
    expect(events.filter((e: { action: string }) => e.action === 'case.opened')).toHaveLength(1);
    expect(events.filter((e: { action: string }) => e.action === 'report.linked')).toHaveLength(19);
    expect(verifyChain(events, { lastSeq: c.lastEventSeq, headHash: c.headHash }).ok).toBe(true);
  });

  it('should give 20 concurrent reports for 20 different SNs 20 cases with distinct references', async () => {
    const sns = Array.from({ length: 20 }, nextSn);
    const res: Response[] = await all(20, (i) => post(intake, body(sns[i])));
    for (const r of res) expect(r.status).toBe(201);
    expect(new Set(res.map((r) => r.body.caseId)).size).toBe(20);
    expect(new Set(res.map((r) => r.body.caseReference)).size).toBe(20);
    expect(res.every((r) => r.body.linkedToExisting === false)).toBe(true);
  });

  it('should refuse the same key with a different body (IDEMPOTENCY.KEY_REUSED), storing nothing', async () => {
    const sn = nextSn();
    const first = await post(intake, body(sn), 'reused-key');
    expect(first.status).toBe(201);
    const before = await count(`SELECT count(*) AS n FROM reports`, []);
    const p = expectProblem(await post(intake, body(sn, { description: 'changed' }), 'reused-key'), 422, 'IDEMPOTENCY.KEY_REUSED');
    expect(p.params).toMatchObject({ idempotencyKey: 'reused-key' });
    expectProblem(await post(intake, body(nextSn()), 'reused-key'), 422, 'IDEMPOTENCY.KEY_REUSED');
    expect(await count(`SELECT count(*) AS n FROM reports`, [])).toBe(before);
    // the original still replays
    const again = await post(intake, body(sn), 'reused-key');
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
  });

  it('should answer concurrent same-key requests with different bodies with one 201 and 422 for the rest', async () => {
    const sn = nextSn();
    const res: Response[] = await all(6, (i) => post(intake, body(sn, { description: `variant ${i}` }), 'race-key'));
    expect(res.filter((r) => r.status === 201)).toHaveLength(1);
    for (const r of res.filter((x) => x.status !== 201)) expectProblem(r, 422, 'IDEMPOTENCY.KEY_REUSED');
    expect(await reportsOf(sn)).toBe(1);
  });

  it('should scope keys to the caller: two clients may use the same key', async () => {
    const sn = nextSn();
    const a = await post(intake, body(sn), 'shared-key');
    const b = await post(intake2, body(sn), 'shared-key');
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.headers['idempotent-replayed']).toBeUndefined();
    expect(b.body.id).not.toBe(a.body.id);
    expect(b.body).toMatchObject({ caseId: a.body.caseId, linkedToExisting: true });
    expect(await reportsOf(sn)).toBe(2);
    // each replays its own
    expect((await post(intake2, body(sn), 'shared-key')).body).toEqual(b.body);
    expect((await post(intake, body(sn), 'shared-key')).body).toEqual(a.body);
  });

  it('should refuse a malformed Idempotency-Key', async () => {
    const p = expectProblem(await post(intake, body(nextSn()), 'has spaces in it'), 422, 'VALIDATION.FAILED');
    expect(p.errors).toHaveProperty(['Idempotency-Key']);
    expectProblem(await post(intake, body(nextSn()), 'x'.repeat(201)), 422, 'VALIDATION.FAILED');
  });
});
