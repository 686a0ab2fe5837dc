import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { emptyPlan, planChange, verifyChain, type ChainEvent, type ChangePlan } from '@sentinel/domain';
import { CasesRepository, CaseWriter, one, rows } from './index';
import { createSuiteDatabase, type SuiteDatabase } from './test-helpers';

/** The write path's guarantees that no HTTP test can show: one lock, a fresh read after waiting, two round trips. */
describe(CaseWriter.name, () => {
  let db: SuiteDatabase;
  let ds: DataSource;
  let userId: string;
  const cases = new CasesRepository();
  const writer = new CaseWriter();

  beforeAll(async () => {
    db = await createSuiteDatabase('writer', 4);
    ds = db.ds;
    ({ id: userId } = await one<{ id: string }>(ds, `INSERT INTO users (email, name, role) VALUES ('a@test.local', 'Ana', 'analyst') RETURNING id`));
  });
  afterAll(() => db?.drop());

  async function newCase(): Promise<string> {
    const sn = `SNW${randomBytes(4).toString('hex').toUpperCase()}`;
    const t = await one<{ id: string }>(ds, `INSERT INTO terminals (sn, bank_code) VALUES ($1, 'ICBC') RETURNING id`, [sn]);
    const c = await one<{ id: string }>(
      ds,
      `INSERT INTO cases (reference, terminal_id, sn, bank_code, misuse_type, stage, status, priority, priority_rank, assignee_id)
       VALUES ($1, $2, $3, 'ICBC', 'other', 'evidence', 'open', 'p3', 3, $4) RETURNING id`,
      [`SNC-2026-${randomBytes(3).toString('hex')}`, t.id, sn, userId],
    );
    await ds.query(`INSERT INTO case_freezes (case_id, bank_code) VALUES ($1, 'ICBC')`, [c.id]);
    return c.id;
  }

  const addEvidence = (caseId: string) => ({
    kind: 'add_evidence' as const,
    actor: { id: userId, role: 'analyst' as const },
    item: { type: 'police_receipt' as const, fileName: 'r.pdf', size: 3, mediaType: 'application/pdf', sha256: 'e'.repeat(64), storageKey: `k/${caseId}`, description: null },
  });

  it('should read the facts again when its lock waited for another change, so nothing is planned on a stale snapshot', async () => {
    const id = await newCase();
    let releaseA!: () => void;
    const aHolds = new Promise<void>((r) => (releaseA = r));
    let aLocked!: () => void;
    const locked = new Promise<void>((r) => (aLocked = r));

    const a = ds.transaction(async (tx) => {
      await writer.change(tx, { id }, addEvidence(id), new Date());
      aLocked();
      await aHolds; // B starts its read now and waits for this lock
    });
    await locked;
    const b = ds.transaction(async (tx) => (await cases.loadState(tx, { id }, { lock: true }))!.state);
    await new Promise((r) => setTimeout(r, 150));
    releaseA();
    await a;
    const state = await b;
    expect(state.evidence).toEqual([{ type: 'police_receipt', removed: false }]);
    expect(state.version).toBe(2);
    expect(state.head.seq).toBe(1);
    expect(state.workedBy).toEqual([userId]);
  });

  it('should apply a plan in two round trips: every row write in one statement, then the events with the chain head', async () => {
    const id = await newCase();
    const sent: string[] = [];
    const now = new Date();
    await ds.transaction(async (tx) => {
      const loaded = (await cases.loadState(tx, { id }, { lock: true }))!;
      const plan = planChange(loaded.state, addEvidence(id), loaded.context(now, randomUUID));
      const counting = { query: (text: string, values?: unknown[]) => (sent.push(text), tx.query(text, values)) };
      const applied = await writer.apply(counting, loaded.state, plan, now);
      expect(applied.events.map((e) => e.action)).toEqual(['evidence.added']);
    });
    expect(sent).toHaveLength(2);
    expect(sent[1]).toMatch(/INSERT INTO case_events/);
    const evs = await rows<{ case_id: string; seq: number; at: Date; actor_id: string; actor_role: string; action: string; data: Record<string, unknown>; prev_hash: string; hash: string }>(
      ds,
      `SELECT * FROM case_events WHERE case_id = $1 ORDER BY seq`,
      [id],
    );
    const chain: ChainEvent[] = evs.map((e) => ({ caseId: e.case_id, seq: e.seq, at: e.at.toISOString(), actor: { id: e.actor_id, role: e.actor_role }, action: e.action, data: e.data, prevHash: e.prev_hash, hash: e.hash }));
    const head = await one<{ last_event_seq: number; head_hash: string; version: number }>(ds, `SELECT last_event_seq, head_hash, version FROM cases WHERE id = $1`, [id]);
    expect(verifyChain(chain, { lastSeq: head.last_event_seq, headHash: head.head_hash }).ok).toBe(true);
    expect(head.version).toBe(2);
  });

  it('should append several events of one change together, in order, and refuse a head that moved', async () => {
    const id = await newCase();
    const now = new Date();
    const plan: ChangePlan = {
      ...emptyPlan(),
      events: [
        { actor: { id: 'system', role: 'system' }, action: 'sla.warning', data: { n: 1 } },
        { actor: { id: 'system', role: 'system' }, action: 'sla.breached', data: { n: 2 } },
      ],
    };
    const state = (await cases.loadState(ds, { id }, { lock: false }))!.state;
    const applied = await ds.transaction((tx) => writer.apply(tx, state, plan, now));
    expect(applied.events.map((e) => [e.seq, e.action])).toEqual([
      [1, 'sla.warning'],
      [2, 'sla.breached'],
    ]);
    expect(applied.events[1].prevHash).toBe(applied.events[0].hash);
    // The same (now stale) head again: the append fails instead of forking the chain.
    await expect(ds.transaction((tx) => writer.apply(tx, state, plan, now))).rejects.toThrow(/duplicate key|does not follow/);
    expect(await rows(ds, `SELECT 1 FROM case_events WHERE case_id = $1`, [id])).toHaveLength(2);
  });

  it('should let the database refuse events that do not continue the case head, and keep times from going backwards', async () => {
    const id = await newCase();
    const now = new Date();
    const plan: ChangePlan = { ...emptyPlan(), events: [{ actor: { id: 'system', role: 'system' }, action: 'sla.warning', data: {} }] };
    const state = (await cases.loadState(ds, { id }, { lock: false }))!.state;
    const [first] = (await ds.transaction((tx) => writer.apply(tx, state, plan, now))).events;
    const head = await one<{ last_event_seq: number; head_hash: string; head_at: Date }>(ds, `SELECT last_event_seq, head_hash, head_at FROM cases WHERE id = $1`, [id]);
    expect(head).toEqual({ last_event_seq: 1, head_hash: first.hash, head_at: new Date(first.at) });
    const insert = (seq: number, prev: string, at: Date) =>
      ds.query(
        `INSERT INTO case_events (case_id, seq, at, actor_id, actor_role, action, data, prev_hash, hash)
         VALUES ($1, $2, $3, 'system', 'system', 'forged', '{}', $4, repeat('f', 64))`,
        [id, seq, at, prev],
      );
    // even the schema owner, with the triggers on: a wrong link, a skipped seq, an event older than the head
    await expect(insert(2, 'a'.repeat(64), now)).rejects.toThrow(/does not follow the case's head/);
    await expect(insert(3, first.hash, now)).rejects.toThrow(/does not follow the case's head/);
    await expect(insert(2, first.hash, new Date(now.getTime() - 1000))).rejects.toThrow(/does not follow the case's head/);
    // a batch must chain within itself too
    await expect(
      ds.query(
        `INSERT INTO case_events (case_id, seq, at, actor_id, actor_role, action, data, prev_hash, hash)
         VALUES ($1, 2, $3, 's', 's', 'a', '{}', $2, repeat('1', 64)), ($1, 3, $3, 's', 's', 'b', '{}', repeat('9', 64), repeat('2', 64))`,
        [id, first.hash, now],
      ),
    ).rejects.toThrow(/does not follow the event before it/);
    // a writer whose clock is behind the head writes at the head's time, never before it
    const later = (await cases.loadState(ds, { id }, { lock: false }))!.state;
    expect(later.head.at).toEqual(new Date(first.at));
    const [second] = (await ds.transaction((tx) => writer.apply(tx, later, plan, new Date(now.getTime() - 60_000)))).events;
    expect(second.at).toBe(first.at);
    expect(await rows(ds, `SELECT 1 FROM case_events WHERE case_id = $1`, [id])).toHaveLength(2);
  });

  it('should apply the plans of several cases in the same two round trips (rows folded, one events append), each chain intact', async () => {
    const ids = [await newCase(), await newCase(), await newCase()];
    const sent: string[] = [];
    const now = new Date();
    await ds.transaction(async (tx) => {
      const items = [];
      for (const id of ids) {
        const loaded = (await cases.loadState(tx, { id }, { lock: true }))!;
        items.push({ state: loaded.state, plan: planChange(loaded.state, addEvidence(id), loaded.context(now, randomUUID)), now });
      }
      const counting = { query: (text: string, values?: unknown[]) => (sent.push(text), tx.query(text, values)) };
      const applied = await writer.applyMany(counting, items);
      expect(applied.map((a) => [a.caseId, a.events.map((e) => [e.seq, e.action])])).toEqual(ids.map((id) => [id, [[1, 'evidence.added']]]));
      // two plans for one case in one call are refused (the later one must be planned on the state after the first)
      await expect(writer.applyMany(tx, [items[0], items[0]])).rejects.toThrow(/one plan per case/);
    });
    expect(sent).toHaveLength(2);
    expect(sent[0].match(/INSERT INTO evidence/g)).toHaveLength(1);
    expect(sent[1]).toMatch(/INSERT INTO case_events/);
    for (const id of ids) {
      const evs = await rows<{ case_id: string; seq: number; at: Date; actor_id: string; actor_role: string; action: string; data: Record<string, unknown>; prev_hash: string; hash: string }>(
        ds,
        `SELECT * FROM case_events WHERE case_id = $1 ORDER BY seq`,
        [id],
      );
      const chain: ChainEvent[] = evs.map((e) => ({ caseId: e.case_id, seq: e.seq, at: e.at.toISOString(), actor: { id: e.actor_id, role: e.actor_role }, action: e.action, data: e.data, prevHash: e.prev_hash, hash: e.hash }));
      const head = await one<{ last_event_seq: number; head_hash: string }>(ds, `SELECT last_event_seq, head_hash FROM cases WHERE id = $1`, [id]);
      expect(verifyChain(chain, { lastSeq: head.last_event_seq, headHash: head.head_hash }).ok).toBe(true);
      expect(await rows(ds, `SELECT 1 FROM evidence WHERE case_id = $1`, [id])).toHaveLength(1);
    }
  });

  it('should write nothing at all for an empty plan', async () => {
    const id = await newCase();
    const state = (await cases.loadState(ds, { id }, { lock: false }))!.state;
    const sent: string[] = [];
    const applied = await writer.apply({ query: (text: string, values?: unknown[]) => (sent.push(text), ds.query(text, values)) }, state, emptyPlan(), new Date());
    expect(sent).toEqual([]);
    expect(applied).toEqual({ caseId: id, events: [], wakeups: { notificationIds: [], clocks: [], holds: [], regulatory: [] }, alertsRaised: 0 });
  });
});
