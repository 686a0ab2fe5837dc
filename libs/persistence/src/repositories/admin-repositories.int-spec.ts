import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { one } from '../sql';
import { createSuiteDatabase, type SuiteDatabase } from '../test-helpers';
import { ApiKeysRepository } from './api-keys.repository';
import { AuditRepository } from './audit.repository';
import { BanksRepository } from './banks.repository';
import { EventsRepository } from './events.repository';
import { SessionsRepository } from './sessions.repository';

/** The repositories behind banks, API keys, audit verify/export and the queue board's session check, against real PostgreSQL. */
describe('admin repositories', () => {
  let db: SuiteDatabase;
  let ds: DataSource;
  let userId: string;
  const banks = new BanksRepository();
  const keys = new ApiKeysRepository();
  const audit = new AuditRepository();
  const events = new EventsRepository();
  const sessions = new SessionsRepository();
  let seq = 0;

  beforeAll(async () => {
    db = await createSuiteDatabase('adminrepo');
    ds = db.ds;
    userId = await newUser('intake');
  });
  afterAll(() => db?.drop());

  async function newUser(role: string, active = true): Promise<string> {
    const u = await one<{ id: string }>(ds, `INSERT INTO users (email, name, role, active) VALUES ($1, $2, $3, $4) RETURNING id`, [
      `a${++seq}@test.local`,
      `User ${seq}`,
      role,
      active,
    ]);
    return u.id;
  }

  describe(BanksRepository.name, () => {
    // the column holds SecretBox values (`sbx1:…`, checked by the table); their content does not matter here
    const bank = (code: string, name: string) =>
      banks.insert(ds, { id: randomUUID(), code, name, webhookUrl: null, active: true, sealedSecret: `sbx1:${code}`, secretGraceHours: 24 });

    it('should match a prefix of code or name literally, filter by codes, and count every match beside the page', async () => {
      await bank('PFX_A', 'Alpha 100% Bank');
      await bank('PFXBB', 'Beta Bank');
      await bank('PFX_C', 'Gamma Bank');
      const sort = { field: 'code', order: 'ASC' } as const;
      // `_` is no wildcard: PFXBB does not match PFX_
      expect((await banks.list(ds, { prefix: 'PFX_', sort })).rows.map((b) => b.code)).toEqual(['PFX_A', 'PFX_C']);
      expect((await banks.list(ds, { prefix: 'alpha 100%', sort })).rows.map((b) => b.code)).toEqual(['PFX_A']);
      expect((await banks.list(ds, { codes: ['PFXBB', 'NONE'], sort })).rows.map((b) => b.code)).toEqual(['PFXBB']);
      const page = await banks.list(ds, { prefix: 'PFX', sort: { field: 'code', order: 'DESC' }, page: { limit: 2, offset: 1 } });
      expect(page).toMatchObject({ total: 3, rows: [{ code: 'PFX_A' }, { code: 'PFXBB' }] });
      expect(await banks.codeTaken(ds, 'PFXBB')).toBe(true);
      expect(await banks.codeTaken(ds, 'PFXZZ')).toBe(false);
    });

    it('should keep the current secret as the previous one for the grace only, and end it at once with no grace', async () => {
      const id = randomUUID();
      await banks.insert(ds, { id, code: 'ROTATE', name: 'Rotating', webhookUrl: null, active: true, sealedSecret: 'sbx1:one', secretGraceHours: 24 });
      expect(await banks.get(ds, id)).toMatchObject({ has_previous_secret: false, previous_secret_expires_at: null });
      await banks.rotateSecret(ds, id, 'sbx1:two', 5);
      expect(await banks.sealedSecret(ds, id)).toBe('sbx1:two');
      const graced = (await banks.get(ds, id))!;
      expect(graced.has_previous_secret).toBe(true);
      // both set by the same statement's now()
      expect(graced.previous_secret_expires_at!.getTime() - graced.updated_at.getTime()).toBe(5 * 3_600_000);
      await banks.rotateSecret(ds, id, 'sbx1:three', 0);
      expect(await banks.get(ds, id)).toMatchObject({ has_previous_secret: false, previous_secret_expires_at: null });
      const raw = await one<{ previous_secret: string | null }>(ds, `SELECT previous_secret FROM banks WHERE id = $1`, [id]);
      expect(raw.previous_secret).toBeNull();
    });
  });

  describe(ApiKeysRepository.name, () => {
    const key = (name: string, expiresAt: Date | null = null) =>
      keys.insert(ds, {
        userId,
        name,
        keyHash: randomBytes(16).toString('hex'),
        keyPrefix: 'snk_abcd',
        bankCodes: null,
        channels: null,
        autoFreeze: false,
        createdBy: userId,
        expiresAt,
      });

    it('should tell active keys from revoked and expired ones, and revoke once', async () => {
      const live = await key('live');
      const revoked = await key('revoked');
      const expired = await key('expired', new Date(Date.now() + 60_000));
      await ds.query(`UPDATE api_keys SET expires_at = now() - interval '1 minute' WHERE id = $1`, [expired.id]);
      expect(await keys.revoke(ds, revoked.id)).toBe(1);
      const sort = { field: 'name', order: 'ASC' } as const;
      expect((await keys.list(ds, { userIds: [userId], active: true, sort })).rows.map((k) => k.name)).toEqual(['live']);
      expect((await keys.list(ds, { userIds: [userId], active: false, sort })).rows.map((k) => k.name)).toEqual(['expired', 'revoked']);
      expect((await keys.list(ds, { ids: [live.id, expired.id], sort })).total).toBe(2);
      expect(await keys.get(ds, revoked.id)).toMatchObject({ name: 'revoked', revoked_at: expect.any(Date) });
    });

    it('should update the name and bindings, and read the future owner', async () => {
      const k = await key('before');
      expect(await keys.update(ds, k.id, { name: 'after', bankCodes: ['ICBC'], channels: ['api'], autoFreeze: true })).toMatchObject({
        name: 'after',
        bank_codes: ['ICBC'],
        channels: ['api'],
        auto_freeze: true,
      });
      expect(await keys.lockOwner(ds, userId)).toEqual({ id: userId, role: 'intake', active: true });
      expect(await keys.lockOwner(ds, randomUUID())).toBeUndefined();
    });
  });

  describe(AuditRepository.name, () => {
    const actor = { id: 'system', role: 'system' };
    async function caseWithEvents(n: number, at: Date): Promise<string> {
      const sn = `SNA${randomBytes(4).toString('hex').toUpperCase()}`;
      const t = await one<{ id: string }>(ds, `INSERT INTO terminals (sn, bank_code) VALUES ($1, 'ICBC') RETURNING id`, [sn]);
      const c = await one<{ id: string }>(
        ds,
        `INSERT INTO cases (reference, terminal_id, sn, bank_code, misuse_type, stage, status, priority, priority_rank)
         VALUES ($1, $2, $3, 'ICBC', 'other', 'evidence', 'open', 'p3', 3) RETURNING id`,
        [`SNC-2026-${randomBytes(3).toString('hex')}`, t.id, sn],
      );
      await ds.transaction(async (tx) => {
        const head = await events.lockCaseHead(tx, c.id);
        const drafts = Array.from({ length: n }, (_, i) => ({ actor, action: 'add_note', data: { i } }));
        await events.appendCaseEvents(tx, c.id, head, drafts, at);
      });
      return c.id;
    }

    it('should page cases and their events by key, within a time range, in chain order', async () => {
      const early = await caseWithEvents(3, new Date('2026-01-10T00:00:00Z'));
      const late = await caseWithEvents(2, new Date('2026-03-10T00:00:00Z'));
      const zero = '00000000-0000-0000-0000-000000000000';
      const [first, second] = [early, late].sort();
      expect((await audit.casesPage(ds, zero, {}, 1)).map((c) => c.id)).toEqual([first]);
      expect((await audit.casesPage(ds, first, {}, 10)).map((c) => c.id)).toEqual([second]);
      expect(await audit.casesPage(ds, zero, { from: new Date('2026-02-01T00:00:00Z') }, 10)).toEqual([
        { id: late, last_event_seq: 2, head_hash: expect.any(String) },
      ]);
      expect((await audit.casesPage(ds, zero, { caseId: early, to: new Date('2026-02-01T00:00:00Z') }, 10)).map((c) => c.id)).toEqual([early]);
      expect((await audit.eventsOfCases(ds, [late, early])).map((e) => [e.case_id, e.seq])).toEqual(
        [first, second].flatMap((id) => (id === early ? [1, 2, 3] : [1, 2]).map((s) => [id, s])),
      );

      // keyset pages of two run across the cases' chains without a gap or a repeat
      const seen: Array<[string, number]> = [];
      let after = { caseId: zero, seq: 0 };
      for (;;) {
        const page = await audit.caseEventsPage(ds, after, {}, 2);
        seen.push(...page.map((e): [string, number] => [e.case_id, e.seq]));
        if (page.length < 2) break;
        after = { caseId: page[1].case_id, seq: page[1].seq };
      }
      expect(seen).toEqual([first, second].flatMap((id) => (id === early ? [1, 2, 3] : [1, 2]).map((s): [string, number] => [id, s])));
      expect((await audit.caseEventsPage(ds, { caseId: zero, seq: 0 }, { caseId: early, from: new Date('2026-03-01T00:00:00Z') }, 10)).length).toBe(0);
    });

    it('should page the system chain after a seq, within a time range, up to its head', async () => {
      const a = await events.appendSystemEvent(ds, { actor, action: 'test.one', data: {}, at: new Date('2030-01-01T00:00:00Z') });
      const b = await events.appendSystemEvent(ds, { actor, action: 'test.two', data: {}, at: new Date('2030-02-01T00:00:00Z') });
      expect(await audit.systemHead(ds)).toEqual({ last_seq: b.seq, head_hash: b.hash });
      expect((await audit.systemEventsPage(ds, a.seq - 1, {}, 10)).map((e) => e.action)).toEqual(['test.one', 'test.two']);
      expect((await audit.systemEventsPage(ds, a.seq - 1, {}, 1)).map((e) => e.action)).toEqual(['test.one']);
      expect((await audit.systemEventsPage(ds, 0, { from: new Date('2030-01-15T00:00:00Z') }, 10)).map((e) => e.action)).toEqual(['test.two']);
      expect((await audit.systemEventsPage(ds, 0, { to: new Date('2030-01-15T00:00:00Z') }, 1000)).map((e) => e.action)).toContain('test.one');
    });

    it('should refuse a page size that is not a positive whole number', () => {
      expect(() => audit.systemEventsPage(ds, 0, {}, 0)).toThrow(RangeError);
      expect(() => audit.casesPage(ds, '', {}, 1.5)).toThrow(RangeError);
    });
  });

  describe(SessionsRepository.name, () => {
    const newSession = (uid: string) =>
      sessions.insert(ds, {
        userId: uid,
        tokenHash: randomBytes(16).toString('hex'),
        idleExpiresAt: new Date(Date.now() + 3_600_000),
        absoluteExpiresAt: new Date(Date.now() + 7_200_000),
        clientIp: '127.0.0.1',
        userAgent: null,
      });

    it("should answer a live session's role, and nothing once it is revoked, expired or its user inactive", async () => {
      const adminId = await newUser('admin');
      const live = await newSession(adminId);
      expect(await sessions.liveSessionRole(ds, live)).toBe('admin');
      const revoked = await newSession(adminId);
      await sessions.revoke(ds, revoked);
      expect(await sessions.liveSessionRole(ds, revoked)).toBeUndefined();
      const idle = await newSession(adminId);
      await ds.query(`UPDATE sessions SET idle_expires_at = now() - interval '1 second' WHERE id = $1`, [idle]);
      expect(await sessions.liveSessionRole(ds, idle)).toBeUndefined();
      const inactive = await newSession(await newUser('admin', false));
      expect(await sessions.liveSessionRole(ds, inactive)).toBeUndefined();
    });
  });
});
