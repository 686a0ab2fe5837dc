import { auth, TestApp, type TestUser } from './test-app';
import { createBank } from './ops-fixtures';

/**
 * The multi-row path of `POST /api/reports/batch` (docs/api.md "Reports and cases"): a chunk's facts read in one
 * statement per round and its plans applied together must decide exactly what items posted one by one would.
 */
describe('POST /api/reports/batch — a chunk planned and applied together', () => {
  let t: TestApp;
  let auditor: TestUser;
  let gateway: TestUser;
  const good = (sn: string, key: string, extra: Record<string, unknown> = {}) => ({ idempotencyKey: key, sn, channel: 'bank_alert', misuseType: 'cloned_terminal', bankCode: 'BC', ...extra });
  const batch = (reports: unknown[]) => t.http().post('/api/reports/batch').set(auth(gateway.token)).send({ reports });
  type Result = { index: number; status: number; id?: string; caseId?: string; caseReference?: string; linkedToExisting?: boolean; replayed?: boolean; code?: string };
  const one = async (q: string, p: unknown[] = []) => (await t.ds.query(q, p))[0] as Record<string, unknown>;

  beforeAll(async () => {
    t = await TestApp.start('batchchunk', { enqueueJobs: false });
    auditor = await t.createUser('auditor');
    await createBank(t, 'BC');
    gateway = await t.createApiKey({ bankCodes: ['BC'], channels: ['bank_alert'], autoFreeze: true });
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
  }, 60_000);

  it('should open one case for an SN sent three times in one chunk and link the later two to it, in order', async () => {
    const res = await batch([
      good('CHUNK-A', 'a1', { terminalId: 'TID-A1' }),
      good('CHUNK-B', 'b1'),
      good('CHUNK-A', 'a2', { terminalId: 'TID-A2', merchantId: 'MID-A' }),
      good('CHUNK-C', 'c1'),
      good('chunk-a', 'a3'),
    ]);
    expect(res.status).toBe(200);
    const r: Result[] = res.body.results;
    expect(r.map((x) => [x.status, x.linkedToExisting])).toEqual([
      [201, false],
      [201, false],
      [201, true],
      [201, false],
      [201, true],
    ]);
    expect(new Set([r[0].caseId, r[2].caseId, r[4].caseId]).size).toBe(1);
    expect(new Set([r[0].caseId, r[1].caseId, r[3].caseId]).size).toBe(3);
    // reference numbers are taken in item order
    const refs = [r[0], r[1], r[3]].map((x) => Number(/(\d+)$/.exec(x.caseReference!)![1]));
    expect([...refs].sort((a, b) => a - b)).toEqual(refs);
    expect(await one(`SELECT count(*)::int AS n FROM reports WHERE case_id = $1`, [r[0].caseId])).toEqual({ n: 3 });
    // the terminal's master data fills blanks in order: the first TID stays, the later item's MID fills the blank
    expect(await one(`SELECT tid, merchant_id FROM terminals WHERE sn = 'CHUNK-A'`)).toEqual({ tid: 'TID-A1', merchant_id: 'MID-A' });
    expect(await one(`SELECT count(*)::int AS n FROM notifications WHERE case_id = $1 AND type = 'freeze.requested'`, [r[0].caseId])).toEqual({ n: 1 });
  });

  it('should refuse an item mid-chunk without a trace and commit the others (a key reused in the chunk and one answered before)', async () => {
    const res = await batch([
      good('CHUNK-D', 'd1'),
      good('CHUNK-E', 'd1'), // the same key as item 0 with another body
      good('CHUNK-F', 'f1'),
      good('CHUNK-F', 'f1'), // the same key and body: replays item 2
      good('CHUNK-G', 'a1'), // key answered by the first test for another body
      good('CHUNK-H', 'h1'),
    ]);
    expect(res.status).toBe(200);
    const r: Result[] = res.body.results;
    expect(r.map((x) => [x.status, x.code ?? null, x.replayed ?? false])).toEqual([
      [201, null, false],
      [422, 'IDEMPOTENCY.KEY_REUSED', false],
      [201, null, false],
      [201, null, true],
      [422, 'IDEMPOTENCY.KEY_REUSED', false],
      [201, null, false],
    ]);
    expect(r[3].id).toBe(r[2].id);
    // refused items wrote nothing, not even their terminal's master data
    expect(await one(`SELECT count(*)::int AS n FROM terminals WHERE sn IN ('CHUNK-E', 'CHUNK-G')`)).toEqual({ n: 0 });
    expect(await one(`SELECT count(*)::int AS n FROM cases WHERE sn IN ('CHUNK-D', 'CHUNK-E', 'CHUNK-F', 'CHUNK-G', 'CHUNK-H')`)).toEqual({ n: 3 });
  });

  it('should replay a whole batch of two chunks by key, item by item, writing nothing', async () => {
    const items = Array.from({ length: 150 }, (_, i) => good(`CHUNK-R${i % 120}`, `r${i}`));
    const first = await batch(items);
    expect(first.status).toBe(200);
    const r1: Result[] = first.body.results;
    expect(r1.every((x) => x.status === 201)).toBe(true);
    expect(r1.filter((x) => x.linkedToExisting)).toHaveLength(30);
    const before = await one(`SELECT (SELECT count(*)::int FROM reports) AS reports, (SELECT count(*)::int FROM case_events) AS events`);
    const again = await batch(items);
    expect(again.status).toBe(200);
    const r2: Result[] = again.body.results;
    expect(r2.map((x) => [x.status, x.replayed, x.id, x.caseId])).toEqual(r1.map((x) => [201, true, x.id, x.caseId]));
    expect(await one(`SELECT (SELECT count(*)::int FROM reports) AS reports, (SELECT count(*)::int FROM case_events) AS events`)).toEqual(before);
  });

  it('should leave every chain intact after batches (audit verify ok, deep replay included)', async () => {
    const v = await t.http().get('/api/audit/verify?deep=true').set(auth(auditor.token));
    expect(v.status).toBe(200);
    expect(v.body).toMatchObject({ ok: true, failures: [] });
    expect(v.body.casesChecked).toBeGreaterThanOrEqual(126);
    expect(v.body.statesChecked).toBeGreaterThanOrEqual(126);
  });
});
