import { verifyChain, type ChainEvent } from '@sentinel/domain';
import { auth, expectProblem, TestApp, type TestUser } from './test-app';

const text = (res: any, cb: (e: Error | null, body: string) => void) => {
  let s = '';
  res.setEncoding('utf8');
  res.on('data', (d: string) => (s += d));
  res.on('end', () => cb(null, s));
};

describe('Audit API (verify and export)', () => {
  let t: TestApp;
  let analyst: TestUser;
  let auditor: TestUser;
  const caseIds: string[] = [];

  beforeAll(async () => {
    t = await TestApp.start('auditapi');
    analyst = await t.createUser('analyst');
    auditor = await t.createUser('auditor');
    for (let i = 0; i < 3; i++) {
      const r = await t.http().post('/api/reports').set(auth(analyst.token)).send({ sn: `AUDIT-API-${i}000`, channel: 'cardholder', misuseType: 'other' }).expect(201);
      caseIds.push(r.body.caseId);
      const c = (await t.http().get(`/api/cases/${r.body.caseId}`).set(auth(analyst.token))).body;
      await t.http().post(`/api/cases/${c.id}/actions/claim`).set(auth(analyst.token)).send({ version: c.version }).expect(200);
    }
  });
  afterAll(() => t?.stop());

  it('should verify every chain and report ok', async () => {
    const res = await t.http().get('/api/audit/verify').query({ scope: 'all' }).set(auth(auditor.token)).expect(200);
    expect(res.body).toMatchObject({ ok: true, casesChecked: 3, failures: [] });
    expect(res.body.eventsChecked).toBeGreaterThanOrEqual(6);
  });

  it('should export JSON Lines that re-verify offline, chain by chain, and record the export', async () => {
    const res = await t.http().get('/api/audit/export').query({ format: 'jsonl' }).set(auth(auditor.token)).buffer(true).parse(text).expect(200);
    expect(res.headers['content-type']).toMatch(/application\/x-ndjson/);
    const events: ChainEvent[] = res.body.trim().split('\n').map((l: string) => JSON.parse(l));
    expect(Object.keys(events[0]).sort()).toEqual(['action', 'actor', 'at', 'caseId', 'data', 'hash', 'prevHash', 'seq']);
    for (const id of caseIds) expect(verifyChain(events.filter((e) => e.caseId === id)).ok).toBe(true);
    const [rec] = await t.ds.query(`SELECT * FROM system_events WHERE action = 'audit.exported' ORDER BY seq DESC LIMIT 1`);
    expect(rec.actor_id).toBe(auditor.id);
  });

  it('should export CSV with actor split into actorId and actorRole and data as canonical JSON', async () => {
    const res = await t.http().get('/api/audit/export').query({ format: 'csv', caseId: caseIds[0] }).set(auth(auditor.token)).buffer(true).parse(text).expect(200);
    const [header, first] = res.body.split('\n');
    expect(header).toBe('caseId,seq,at,actorId,actorRole,action,data,prevHash,hash');
    expect(first.startsWith(`${caseIds[0]},1,`)).toBe(true);
  });

  it('should find an altered event and a deleted newest event', async () => {
    const victim = caseIds[1];
    await t.ds.query(`ALTER TABLE case_events DISABLE TRIGGER trg_case_events_append_only`);
    await t.ds.query(`UPDATE case_events SET data = data || '{"forged":true}' WHERE case_id = $1 AND seq = 1`, [victim]);
    await t.ds.query(`DELETE FROM case_events WHERE case_id = $1 AND seq = (SELECT max(seq) FROM case_events WHERE case_id = $1)`, [caseIds[2]]);
    await t.ds.query(`ALTER TABLE case_events ENABLE TRIGGER trg_case_events_append_only`);
    const res = await t.http().get('/api/audit/verify').set(auth(auditor.token)).expect(200);
    expect(res.body.ok).toBe(false);
    expect(res.body.failures).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ caseId: victim, seq: 1 }),
        expect.objectContaining({ caseId: caseIds[2] }),
      ]),
    );
  });

  it('should refuse other roles and bad parameters', async () => {
    expectProblem(await t.http().get('/api/audit/verify').set(auth(analyst.token)), 403, 'AUTH.FORBIDDEN');
    expectProblem(await t.http().get('/api/audit/export').query({ format: 'xml' }).set(auth(auditor.token)), 400, 'REQUEST.MALFORMED');
    expectProblem(await t.http().get('/api/audit/verify').query({ scope: 'everything' }).set(auth(auditor.token)), 400, 'REQUEST.MALFORMED');
    expectProblem(await t.http().get('/api/audit/verify').query({ colour: 'red' }).set(auth(auditor.token)), 400, 'REQUEST.UNKNOWN_FIELD');
  });
});
