import { jobIds, QUEUE_NAMES } from '@sentinel/contracts';
import { QueueFactory, type TypedQueue } from '@sentinel/queues';
import { auth, expectProblem, TestApp, type TestUser } from './test-app';
import { createBank } from './ops-fixtures';

/** docs/api.md "Reports and cases": `POST /api/reports/batch`. */
describe('POST /api/reports/batch', () => {
  let t: TestApp;
  let analyst: TestUser;
  let queue: TypedQueue<'notifications'>;
  const good = (sn: string, key: string, extra: Record<string, unknown> = {}) => ({ idempotencyKey: key, sn, channel: 'bank_alert', misuseType: 'cloned_terminal', bankCode: 'BT', ...extra });
  const batch = (reports: unknown[]) => t.http().post('/api/reports/batch').set(auth(analyst.token)).send({ reports });

  beforeAll(async () => {
    t = await TestApp.start('batch', { enqueueJobs: true });
    analyst = await t.createUser('analyst');
    await createBank(t, 'BT');
    queue = new QueueFactory({ redisUrl: t.config.redisUrl, redisPrefix: t.redisPrefix }).queue(QUEUE_NAMES.notifications);
  }, 60_000);
  afterAll(async () => {
    await queue?.close();
    await t?.stop();
  }, 60_000);

  const countReports = async (like: string) => (await t.ds.query(`SELECT count(*)::int AS n FROM reports WHERE sn LIKE $1`, [like]))[0].n as number;

  it('should judge each item as if posted alone, in order, without a bad item touching the others', async () => {
    const res = await batch([
      good('BATCH-0001', 'k1'),
      good('BATCH-0002', 'k2'),
      { idempotencyKey: 'k3', sn: 'BATCH-0003', misuseType: 'other' }, // no channel
      good('BATCH-0004', 'k4', { description: 'card 4111111111111111' }), // a full PAN
      good(' batch-0001 ', 'k5'), // the same SN as item 0 once normalised: links to its case
      good('BATCH-0006', ''), // no key
      'not an object',
    ]);
    expect(res.status).toBe(200);
    const r = res.body.results;
    expect(r.map((x: { index: number; status: number }) => [x.index, x.status])).toEqual([
      [0, 201],
      [1, 201],
      [2, 422],
      [3, 422],
      [4, 201],
      [5, 422],
      [6, 422],
    ]);
    expect(r[0]).toMatchObject({ linkedToExisting: false, caseReference: expect.stringMatching(/^SNC-/) });
    expect(r[4]).toMatchObject({ linkedToExisting: true, caseId: r[0].caseId });
    expect(r[2]).toMatchObject({ code: 'VALIDATION.FAILED', fieldCodes: { channel: 'REQUIRED' } });
    expect(r[3]).toMatchObject({ code: 'PAN.DETECTED' });
    expect(r[5]).toMatchObject({ code: 'VALIDATION.FAILED', fieldCodes: { idempotencyKey: 'REQUIRED' } });
    expect(await countReports('BATCH-%')).toBe(3);
  });

  it('should queue exactly one freeze request per opened case, each with its delivery job', async () => {
    const rows: Array<{ id: string; case_id: string }> = await t.ds.query(
      `SELECT n.id, n.case_id FROM notifications n JOIN cases c ON c.id = n.case_id WHERE c.sn LIKE 'BATCH-%' AND n.type = 'freeze.requested'`,
    );
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((x) => x.case_id)).size).toBe(2);
    for (const n of rows) expect(await queue.getJob(jobIds.notification(n.id, 1))).toBeTruthy();
  });

  it('should replay answered keys, refuse a reused key with another body, and share the single POST namespace', async () => {
    const first = await batch([good('BATCH-0001', 'k1')]);
    const res = await batch([good('BATCH-0001', 'k1'), good('BATCH-0099', 'k2'), good('BATCH-0007', 'k7')]);
    expect(res.status).toBe(200);
    const [replay, reused, fresh] = res.body.results;
    expect(replay).toMatchObject({ status: 201, replayed: true, id: first.body.results[0].id });
    expect(reused).toMatchObject({ status: 422, code: 'IDEMPOTENCY.KEY_REUSED' });
    expect(fresh).toMatchObject({ status: 201, linkedToExisting: false });
    // the same key and body posted alone is a replay of the batch item
    const { idempotencyKey, ...alone } = good('BATCH-0007', 'k7');
    const single = await t.http().post('/api/reports').set(auth(analyst.token)).set('Idempotency-Key', idempotencyKey).send(alone);
    expect(single.status).toBe(201);
    expect(single.headers['idempotent-replayed']).toBe('true');
    expect(single.body.id).toBe(fresh.id);
    expect(await countReports('BATCH-%')).toBe(4);
  });

  it('should commit a batch larger than one chunk in order (later items link to cases earlier chunks opened)', async () => {
    const items = Array.from({ length: 250 }, (_, i) => good(`BIG-${String(i % 120).padStart(4, '0')}`, `big-${i}`, i === 130 ? { channel: 'nope' } : {}));
    const res = await batch(items);
    expect(res.status).toBe(200);
    const r = res.body.results as Array<{ index: number; status: number; caseId?: string; linkedToExisting?: boolean }>;
    expect(r.map((x) => x.index)).toEqual(items.map((_, i) => i));
    expect(r.filter((x) => x.status !== 201).map((x) => x.index)).toEqual([130]);
    for (const x of r.filter((x) => x.index >= 120 && x.status === 201)) {
      expect(x).toMatchObject({ linkedToExisting: true, caseId: r[x.index % 120].caseId });
    }
    const [row] = await t.ds.query(`SELECT count(*)::int AS reports, count(DISTINCT case_id)::int AS cases FROM reports WHERE sn LIKE 'BIG-%'`);
    expect(row).toEqual({ reports: 249, cases: 120 });
  });

  it('should refuse more than 1,000 items with 413 and a body without reports with 422', async () => {
    expectProblem(await batch(Array.from({ length: 1001 }, (_, i) => good(`X-${i}`, `x${i}`))), 413, 'REQUEST.TOO_LARGE');
    expectProblem(await batch([]), 422, 'VALIDATION.FAILED');
    expectProblem(await t.http().post('/api/reports/batch').set(auth(analyst.token)).send({}), 422, 'VALIDATION.FAILED');
    expectProblem(await t.http().post('/api/reports/batch').set(auth(analyst.token)).send({ reports: [], extra: 1 }), 400, 'REQUEST.UNKNOWN_FIELD');
  });

  it('should refuse roles that may not report', async () => {
    const auditor = await t.createUser('auditor');
    expectProblem(await t.http().post('/api/reports/batch').set(auth(auditor.token)).send({ reports: [good('BATCH-0100', 'a1')] }), 403, 'AUTH.FORBIDDEN');
  });
});
