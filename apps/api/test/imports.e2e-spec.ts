import { setTimeout as sleep } from 'node:timers/promises';
import { verifyChain } from '@sentinel/domain';
import { EventsRepository, toChainEvent } from '@sentinel/persistence';
import { TestApp, type TestUser } from './test-app';

/** POST /api/imports and GET /api/imports/:id (docs/api.md "Historical import"): an admin's upload, followed to its end. */
describe('historical import over HTTP', () => {
  let t: TestApp;
  let analyst: TestUser;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const CSV = [
    'externalId,sn,channel,misuseType,description,receivedAt,status,outcome,closedAt',
    'W-1,PAX-WEB-000001,merchant_call,cloned_terminal,imported over http,2025-05-01T00:00:00Z,,,',
    'W-2,PAX-WEB-000002,cardholder,lost_or_stolen,,2025-05-02T00:00:00Z,closed,confirmed_misuse,2025-05-20T00:00:00Z',
    'W-3,not an sn!,merchant_call,cloned_terminal,,,,,',
  ].join('\n');

  beforeAll(async () => {
    t = await TestApp.start('imports');
    analyst = await t.createUser('analyst');
  });
  afterAll(() => t?.stop());

  const upload = (csv: string, token = t.adminToken) => t.http().post('/api/imports').set(auth(token)).attach('file', Buffer.from(csv), 'history.csv');
  /** Polls until the import is no longer running (a wait for the background work, not a timed assertion). */
  async function finished(id: string): Promise<Record<string, unknown>> {
    for (;;) {
      const r = await t.http().get(`/api/imports/${id}`).set(auth(t.adminToken)).expect(200);
      if (r.body.status !== 'running') return r.body;
      await sleep(50);
    }
  }

  it('should import the file in the background, by the admin, and show rows, done, failed and the refused rows', async () => {
    const r = await upload(CSV).expect(202);
    expect(r.body).toMatchObject({ id: expect.any(String), status: 'running', fileSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const end = await finished(r.body.id);
    expect(end).toMatchObject({ status: 'done', rows: 3, done: 2, skipped: 0, failed: 1, errors: [{ row: 3, field: 'sn', code: 'PATTERN' }], finishedAt: expect.any(String) });

    const cases = await t.ds.query(`SELECT id, sn, status, outcome, last_event_seq, head_hash FROM cases ORDER BY sn`);
    expect(cases.map((c: { sn: string; status: string }) => [c.sn, c.status])).toEqual([
      ['PAX-WEB-000001', 'open'],
      ['PAX-WEB-000002', 'closed'],
    ]);
    const [admin] = await t.ds.query(`SELECT id FROM users WHERE role = 'admin' AND active ORDER BY created_at LIMIT 1`);
    const events = new EventsRepository();
    for (const c of cases) {
      const chain = (await events.listCaseEvents(t.ds, c.id)).map(toChainEvent);
      expect(verifyChain(chain, { lastSeq: c.last_event_seq, headHash: c.head_hash }).ok).toBe(true);
      expect(chain[0]).toMatchObject({ action: 'case.opened', actor: { id: admin.id, role: 'admin' }, data: { imported: { importId: r.body.id, fileSha256: r.body.fileSha256 } } });
    }
    expect((await t.ds.query(`SELECT count(*)::int AS n FROM notifications`))[0].n).toBe(0);
    expect((await t.ds.query(`SELECT count(*)::int AS n FROM sla_clocks`))[0].n).toBe(0);
    const system = await t.ds.query(`SELECT action, actor_id, data FROM system_events WHERE action LIKE 'import.%' ORDER BY seq`);
    expect(system).toEqual([
      { action: 'import.started', actor_id: admin.id, data: expect.objectContaining({ importId: r.body.id }) },
      { action: 'import.finished', actor_id: admin.id, data: expect.objectContaining({ importId: r.body.id, status: 'done', imported: 2, failed: 1 }) },
    ]);

    // the same file again: nothing imported twice
    const again = await upload(CSV).expect(202);
    expect(await finished(again.body.id)).toMatchObject({ status: 'done', rows: 3, done: 2, skipped: 2, failed: 1 });
    expect((await t.ds.query(`SELECT count(*)::int AS n FROM reports`))[0].n).toBe(2);
  });

  it('should refuse a file it cannot import before starting (422 on file), a missing file, and other roles', async () => {
    const bad = await upload('externalId,sn,cardNumber\nX-1,PAX-WEB-000009,4111111111111111\n').expect(422);
    expect(bad.body).toMatchObject({ code: 'VALIDATION.FAILED', fieldCodes: { file: 'INVALID' } });
    const none = await t.http().post('/api/imports').set(auth(t.adminToken)).set('Content-Type', 'multipart/form-data; boundary=x').send('--x--\r\n');
    expect(none.status).toBe(422);
    expect(none.body.fieldCodes).toEqual({ file: 'REQUIRED' });
    await t.http().post('/api/imports').set(auth(t.adminToken)).send({ file: 'x' }).expect(415);
    await upload(CSV, analyst.token).expect(403);
    await t.http().get('/api/imports/00000000-0000-4000-8000-000000000000').set(auth(t.adminToken)).expect(404);
    await t.http().get('/api/imports/nope').set(auth(analyst.token)).expect(403);
    expect((await t.ds.query(`SELECT count(*)::int AS n FROM imports`))[0].n).toBe(2);
  });
});
