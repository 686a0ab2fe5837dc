import { auth, TestApp, type TestUser } from './test-app';

/**
 * docs/api.md "Lists": GET /api/cases counts exactly up to CASE_LIST_EXACT_TOTAL_UP_TO matches (here 50), then serves
 * the planner's estimate in Content-Range with `X-Total-Estimated: true` — react-admin pages on it as on any total.
 */
describe('GET /api/cases: estimated totals past the threshold', () => {
  let t: TestApp;
  let analyst: TestUser;
  const range = (from: number, to: number) => encodeURIComponent(JSON.stringify([from, to]));

  beforeAll(async () => {
    t = await TestApp.start('estimate', { caseListExactTotalUpTo: 50 });
    analyst = await t.createUser('analyst');
    await t.ds.query(`INSERT INTO terminals (sn) SELECT 'EST-' || lpad(g::text, 4, '0') FROM generate_series(1, 300) g`);
    await t.ds.query(
      `INSERT INTO cases (reference, terminal_id, sn, misuse_type, stage, status, priority, priority_rank, due_at, sla_state)
       SELECT 'SNC-2026-8' || substr(t.sn, 5), t.id, t.sn, 'cloned_terminal', 'freeze', 'open', 'p3', 3, now() + interval '1 day', 'on_track'
         FROM terminals t WHERE t.sn LIKE 'EST-%'`,
    );
    await t.ds.query(`ANALYZE cases`);
  }, 60_000);
  afterAll(() => t?.stop(), 60_000);

  it('should serve an estimate (never below the rows known to exist) with X-Total-Estimated past the threshold', async () => {
    const res = await t.http().get(`/api/cases?range=${range(0, 24)}`).set(auth(analyst.token));
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(25);
    expect(res.headers['x-total-estimated']).toBe('true');
    const m = /^cases 0-24\/(\d+)$/.exec(res.headers['content-range']);
    expect(m).not.toBeNull();
    const total = Number(m![1]);
    expect(total).toBeGreaterThan(50);
    expect(total).toBeGreaterThanOrEqual(200); // the statistics see about 300
    expect(total).toBeLessThanOrEqual(600);
    const deep = await t.http().get(`/api/cases?range=${range(275, 299)}`).set(auth(analyst.token));
    expect(deep.status).toBe(200);
    expect(deep.body).toHaveLength(25);
    expect(Number(/\/(\d+)$/.exec(deep.headers['content-range'])![1])).toBeGreaterThanOrEqual(300);
  });

  it('should count exactly, without the header, up to the threshold', async () => {
    const filter = encodeURIComponent(JSON.stringify({ q: 'EST-001' }));
    const res = await t.http().get(`/api/cases?filter=${filter}&range=${range(0, 24)}`).set(auth(analyst.token));
    expect(res.status).toBe(200);
    expect(res.headers['x-total-estimated']).toBeUndefined();
    expect(res.headers['content-range']).toBe(`cases 0-${res.body.length - 1}/${res.body.length}`);
    expect(res.body.length).toBe(10); // EST-0010 … EST-0019
  });
});
