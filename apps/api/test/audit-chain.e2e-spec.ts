import { CHAIN_FAILURE, verifyChain, type ChainEvent } from '@sentinel/domain';
import { eventRowToView } from '../src/audit/audit.service';
import { auth, TestApp, type TestUser } from './test-app';

/**
 * The tamper-evident audit trail (docs/api.md "Audit"): case events re-verify as a hash chain; an altered
 * row or a deleted newest event is detected; the append-only trigger refuses changes; the system
 * chain verifies the same way.
 */
describe('Audit chain (API end to end)', () => {
  let t: TestApp;
  let analyst: TestUser;
  let supervisor: TestUser;
  let auditor: TestUser;
  let snSeq = 0;

  beforeAll(async () => {
    t = await TestApp.start('audit-chain');
    [analyst, supervisor, auditor] = await Promise.all([t.createUser('analyst'), t.createUser('supervisor'), t.createUser('auditor')]);
  });
  afterAll(() => t?.stop());

  const past = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
  const view = async (id: string) => (await t.http().get(`/api/cases/${id}`).set(auth(auditor.token)).expect(200)).body;
  const events = async (id: string): Promise<ChainEvent[]> => (await t.http().get(`/api/cases/${id}/events`).set(auth(auditor.token)).expect(200)).body;
  const head = async (id: string) => {
    const c = await view(id);
    return { lastSeq: c.lastEventSeq as number, headHash: c.headHash as string };
  };
  async function act(u: TestUser, id: string, action: string, payload: Record<string, unknown> = {}) {
    const { version } = await view(id);
    const r = await t.http().post(`/api/cases/${id}/actions/${action}`).set(auth(u.token)).send({ version, ...payload });
    if (r.status !== 200) throw new Error(`${action}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }

  /** A case with a handful of events of different kinds (opened, linked, claim, facts, notes). */
  async function workedCase(): Promise<string> {
    const sn = `AUDIT-${String(++snSeq).padStart(6, '0')}`;
    const r = await t.http().post('/api/reports').set(auth(analyst.token)).send({ sn, channel: 'merchant_call', misuseType: 'lost_or_stolen', description: '终端丢失 — lost terminal' });
    expect(r.status).toBe(201);
    const id = r.body.caseId;
    await t.http().post('/api/reports').set(auth(analyst.token)).send({ sn, channel: 'cardholder', misuseType: 'lost_or_stolen' }).expect(201);
    await act(analyst, id, 'claim');
    await act(analyst, id, 'confirm_freeze', { bankReference: 'FRZ-1', confirmedAt: past(10) });
    await act(analyst, id, 'add_note', { text: 'Merchant says the terminal was in a drawer ✓' });
    await act(analyst, id, 'record_police_report', { agency: 'Pudong PSB', reportNumber: 'PD-77', filedAt: past(5) });
    await act(supervisor, id, 'set_priority', { priority: 'p1', reason: 'Device missing' });
    return id;
  }

  /** Runs `sql` as the database owner with the append-only trigger disabled (an attacker with owner rights). */
  async function tamper(sql: string, args: unknown[]) {
    await t.ds.transaction(async (em) => {
      await em.query(`ALTER TABLE case_events DISABLE TRIGGER trg_case_events_append_only`);
      await em.query(sql, args);
      await em.query(`ALTER TABLE case_events ENABLE TRIGGER trg_case_events_append_only`);
    });
  }

  it('should re-verify the events of a case as a chain against the head kept on the case', async () => {
    const id = await workedCase();
    const ev = await events(id);
    expect(ev.map((e) => e.seq)).toEqual(Array.from({ length: ev.length }, (_, i) => i + 1));
    expect(ev[0]).toMatchObject({ caseId: id, seq: 1, action: 'case.opened', prevHash: '0'.repeat(64) });
    for (const e of ev) expect(e.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const h = await head(id);
    expect(h.lastSeq).toBe(ev.length);
    expect(h.headHash).toBe(ev.at(-1)!.hash);
    expect(verifyChain(ev, h)).toEqual({ ok: true, eventsChecked: ev.length, failures: [] });
  });

  it('should fail verification at the seq of an event altered in the database', async () => {
    const id = await workedCase();
    const target = (await events(id)).find((e) => e.action === 'record_police_report')!;
    await tamper(`UPDATE case_events SET data = jsonb_set(data, '{reportNumber}', '"PD-78"') WHERE case_id = $1 AND seq = $2`, [id, target.seq]);
    const ev = await events(id);
    expect(ev.find((e) => e.seq === target.seq)!.data.reportNumber).toBe('PD-78');
    const v = verifyChain(ev, await head(id));
    expect(v.ok).toBe(false);
    expect(v.failures).toEqual([{ caseId: id, seq: target.seq, reason: CHAIN_FAILURE.hashMismatch }]);
  });

  it('should detect an altered actor or time even when the attacker recomputes nothing', async () => {
    const id = await workedCase();
    await tamper(`UPDATE case_events SET actor_id = $3 WHERE case_id = $1 AND seq = $2`, [id, 3, supervisor.id]);
    await tamper(`UPDATE case_events SET at = at - interval '1 day' WHERE case_id = $1 AND seq = $2`, [id, 4]);
    const v = verifyChain(await events(id), await head(id));
    expect(v.failures.map((f) => [f.seq, f.reason])).toEqual([
      [3, CHAIN_FAILURE.hashMismatch],
      [4, CHAIN_FAILURE.hashMismatch],
    ]);
  });

  it('should catch the deletion of the newest event by the head check', async () => {
    const id = await workedCase();
    const before = await events(id);
    await tamper(`DELETE FROM case_events WHERE case_id = $1 AND seq = $2`, [id, before.length]);
    const ev = await events(id);
    expect(ev).toHaveLength(before.length - 1);
    // the remaining links are intact: only the head on the case row shows what is missing
    expect(verifyChain(ev).ok).toBe(true);
    const v = verifyChain(ev, await head(id));
    expect(v.ok).toBe(false);
    expect(v.failures).toEqual([{ caseId: id, seq: before.length, reason: CHAIN_FAILURE.headSeqMismatch }]);
  });

  it('should catch the deletion of an event in the middle by the links', async () => {
    const id = await workedCase();
    await tamper(`DELETE FROM case_events WHERE case_id = $1 AND seq = 2`, [id]);
    const v = verifyChain(await events(id), await head(id));
    expect(v.failures.map((f) => [f.seq, f.reason])).toEqual([
      [3, CHAIN_FAILURE.seqGap],
      [3, CHAIN_FAILURE.prevHashMismatch],
    ]);
  });

  it('should refuse UPDATE, DELETE and TRUNCATE of events while the trigger is on', async () => {
    const id = await workedCase();
    await expect(t.ds.query(`UPDATE case_events SET action = 'x' WHERE case_id = $1 AND seq = 1`, [id])).rejects.toThrow(/append-only/);
    await expect(t.ds.query(`DELETE FROM case_events WHERE case_id = $1`, [id])).rejects.toThrow(/append-only/);
    await expect(t.ds.query(`TRUNCATE case_events CASCADE`)).rejects.toThrow(/append-only/);
    await expect(t.ds.query(`UPDATE system_events SET action = 'x' WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(t.ds.query(`DELETE FROM system_events`)).rejects.toThrow(/append-only/);
    expect(verifyChain(await events(id), await head(id)).ok).toBe(true);
  });

  it('should verify the system chain (logins) against its head', async () => {
    // a failed and a successful login add to the system chain
    await t.http().post('/api/auth/login').send({ email: analyst.email, password: 'wrong-password' }).expect(401);
    await t.login(analyst.email);
    const rows = await t.ds.query(`SELECT * FROM system_events ORDER BY seq`);
    const chain = rows.map(eventRowToView);
    expect(chain.map((e: ChainEvent) => e.action)).toEqual(expect.arrayContaining(['auth.login', 'auth.login_failed']));
    expect(chain.every((e: ChainEvent) => e.caseId === null)).toBe(true);
    const [h] = await t.ds.query(`SELECT last_seq, head_hash FROM system_chain_head WHERE id = 1`);
    const v = verifyChain(chain, { lastSeq: h.last_seq, headHash: h.head_hash }, { caseId: null });
    expect(v).toEqual({ ok: true, eventsChecked: rows.length, failures: [] });

    // and tampering with it is detected as well
    await t.ds.transaction(async (em) => {
      await em.query(`ALTER TABLE system_events DISABLE TRIGGER trg_system_events_append_only`);
      await em.query(`UPDATE system_events SET data = data || '{"ip":"10.0.0.1"}' WHERE seq = 1`);
      await em.query(`ALTER TABLE system_events ENABLE TRIGGER trg_system_events_append_only`);
    });
    const tampered = (await t.ds.query(`SELECT * FROM system_events ORDER BY seq`)).map(eventRowToView);
    expect(verifyChain(tampered, { lastSeq: h.last_seq, headHash: h.head_hash }, { caseId: null }).failures).toEqual([
      { caseId: null, seq: 1, reason: CHAIN_FAILURE.hashMismatch },
    ]);
  });
});
