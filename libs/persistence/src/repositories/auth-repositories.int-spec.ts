import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { one } from '../sql';
import { createSuiteDatabase, type SuiteDatabase } from '../test-helpers';
import { MfaRepository } from './mfa.repository';
import { SessionsRepository } from './sessions.repository';
import { UserAccountsRepository } from './user-accounts.repository';
import { UsersRepository } from './users.repository';

/** The repositories behind sign-in, sessions, the second factor and user administration, against real PostgreSQL. */
describe('auth repositories', () => {
  let db: SuiteDatabase;
  let ds: DataSource;
  const sessions = new SessionsRepository();
  const mfa = new MfaRepository();
  const accounts = new UserAccountsRepository();
  const users = new UsersRepository();
  let seq = 0;

  beforeAll(async () => {
    db = await createSuiteDatabase('authrepo');
    ds = db.ds;
  });
  afterAll(() => db?.drop());

  const newUser = async (o: { name?: string; teamId?: string | null; active?: boolean } = {}) =>
    (
      await one<{ id: string }>(ds, `INSERT INTO users (email, name, role, team_id, active) VALUES ($1, $2, 'analyst', $3, $4) RETURNING id`, [
        `u${++seq}@test.local`,
        o.name ?? `User ${seq}`,
        o.teamId ?? null,
        o.active ?? true,
      ])
    ).id;
  const newSession = (userId: string, tokenHash = randomBytes(16).toString('hex')) =>
    sessions.insert(ds, {
      userId,
      tokenHash,
      idleExpiresAt: new Date(Date.now() + 3_600_000),
      absoluteExpiresAt: new Date(Date.now() + 7_200_000),
      clientIp: '127.0.0.1',
      userAgent: null,
    });

  describe(SessionsRepository.name, () => {
    it('should end every live session of a user but the one kept, once', async () => {
      const userId = await newUser();
      const [keep] = [await newSession(userId), await newSession(userId), await newSession(userId)];
      expect(await sessions.revokeOfUser(ds, userId, keep)).toBe(2);
      expect(await sessions.revokeOfUser(ds, userId, keep)).toBe(0);
      expect((await sessions.listLive(ds, userId)).map((s) => s.id)).toEqual([keep]);
      expect(await sessions.revokeOfUser(ds, userId)).toBe(1);
      expect(await sessions.listLive(ds, userId)).toEqual([]);
    });

    it("should end someone else's session only for anyUser", async () => {
      const owner = await newUser();
      const other = await newUser();
      const id = await newSession(owner);
      expect(await sessions.revokeIfOwned(ds, id, { anyUser: false, userId: other })).toBeUndefined();
      expect(await sessions.revokeIfOwned(ds, id, { anyUser: true, userId: other })).toEqual({ id, user_id: owner });
      expect(await sessions.revokeIfOwned(ds, id, { anyUser: true, userId: other })).toBeUndefined();
    });

    it('should resolve a token to a live session of an active user only', async () => {
      const userId = await newUser();
      const hash = randomBytes(16).toString('hex');
      const id = await newSession(userId, hash);
      expect(await sessions.findActor(ds, hash)).toMatchObject({ session_id: id, id: userId, role: 'analyst', must_change_password: false, mfa_enabled_at: null });
      await ds.query(`UPDATE users SET active = false WHERE id = $1`, [userId]);
      expect(await sessions.findActor(ds, hash)).toBeUndefined();
      await ds.query(`UPDATE users SET active = true WHERE id = $1`, [userId]);
      await sessions.revoke(ds, id);
      expect(await sessions.findActor(ds, hash)).toBeUndefined();
    });
  });

  describe(MfaRepository.name, () => {
    it('should accept each TOTP step once and only later ones', async () => {
      const userId = await newUser();
      await mfa.setPendingSecret(ds, userId, 'sealed-secret');
      expect(await mfa.findState(ds, userId)).toMatchObject({ id: userId, mfa_enabled_at: null, mfa_pending_secret: 'sealed-secret' });
      await mfa.enable(ds, userId, 100);
      expect(await mfa.enrolledSecret(ds, userId)).toBe('sealed-secret');
      expect(await mfa.findState(ds, userId, { lock: true })).toMatchObject({ mfa_enabled_at: expect.any(Date), mfa_pending_secret: null });
      expect(await mfa.useStep(ds, userId, 100)).toBe(false);
      expect(await mfa.useStep(ds, userId, 99)).toBe(false);
      expect(await mfa.useStep(ds, userId, 101)).toBe(true);
      expect(await mfa.useStep(ds, userId, 101)).toBe(false);
    });

    it('should spend a recovery code once; replacing or clearing drops the old ones', async () => {
      const userId = await newUser();
      await mfa.replaceRecoveryCodes(ds, userId, ['h1', 'h2']);
      expect(await mfa.spendRecoveryCode(ds, userId, 'h1')).toBe(true);
      expect(await mfa.spendRecoveryCode(ds, userId, 'h1')).toBe(false);
      await mfa.replaceRecoveryCodes(ds, userId, ['h3']);
      expect(await mfa.spendRecoveryCode(ds, userId, 'h2')).toBe(false);
      await mfa.clear(ds, userId);
      expect(await mfa.spendRecoveryCode(ds, userId, 'h3')).toBe(false);
      expect(await mfa.enrolledSecret(ds, userId)).toBeNull();
      expect(await mfa.enrolledSecret(ds, randomUUID())).toBeUndefined();
    });
  });

  describe(UserAccountsRepository.name, () => {
    it('should update only the profile fields given', async () => {
      const userId = await newUser({ name: 'Before' });
      await accounts.updateProfile(ds, userId, { locale: 'zh-CN' });
      expect(await accounts.findAccount(ds, userId)).toMatchObject({ name: 'Before', locale: 'zh-CN', time_zone: null });
      await accounts.updateProfile(ds, userId, { name: 'After', timeZone: 'Asia/Shanghai' });
      expect(await accounts.findAccount(ds, userId)).toMatchObject({ name: 'After', locale: 'zh-CN', time_zone: 'Asia/Shanghai' });
      const before = await users.findById(ds, userId);
      await accounts.updateProfile(ds, userId, {});
      expect((await users.findById(ds, userId))?.updated_at).toEqual(before?.updated_at);
      expect(await accounts.findAccount(ds, randomUUID())).toBeUndefined();
    });
  });

  describe(UsersRepository.name, () => {
    it('should list by team (ids and/or none), an empty team list matching nobody', async () => {
      const team = await one<{ id: string }>(ds, `INSERT INTO teams (name) VALUES ('Repo team') RETURNING id`);
      const member = await newUser({ teamId: team.id });
      const loner = await newUser();
      const sort = { field: 'id' as const, order: 'ASC' as const };
      const ids = async (c: Parameters<UsersRepository['list']>[1]) => (await users.list(ds, c)).rows.map((u) => u.id);
      expect(await ids({ teamIds: [team.id], sort })).toEqual([member]);
      expect(await ids({ teamIds: [team.id], includeNoTeam: true, ids: [member, loner], sort })).toEqual([member, loner].sort());
      expect(await users.list(ds, { teamIds: [], includeNoTeam: false, sort })).toEqual({ rows: [], total: 0 });
    });

    it('should match a name prefix literally, and emails only when asked', async () => {
      const id = await newUser({ name: '50%_off Person' });
      const email = (await users.findById(ds, id))?.email ?? '';
      const sort = { field: 'name' as const, order: 'ASC' as const };
      const found = async (prefix: string, searchEmail: boolean) => (await users.list(ds, { search: { prefix, searchEmail }, sort })).rows.map((u) => u.id);
      expect(await found('50%_', false)).toEqual([id]);
      expect(await found('5_%', false)).toEqual([]);
      expect(await found(email.slice(0, 4), true)).toContain(id);
      expect(await found(email.slice(0, 4), false)).toEqual([]);
    });

    it('should page, and count every match', async () => {
      for (let i = 0; i < 3; i++) await newUser({ name: `Paged ${i}` });
      const res = await users.list(ds, { search: { prefix: 'Paged', searchEmail: false }, sort: { field: 'name', order: 'DESC' }, page: { limit: 2, offset: 1 } });
      expect(res.total).toBe(3);
      expect(res.rows.map((u) => u.name)).toEqual(['Paged 1', 'Paged 0']);
    });
  });
});
