import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from './test-database';
import { grantAppRole } from '../../../tools/migrate/app-role';

/** docs/architecture.md "Audit": the app runs as a role that may only INSERT and SELECT the audit tables. */
describe('grantAppRole', () => {
  let db: TestDatabase;
  const role = `sn_app_${randomBytes(4).toString('hex')}`;
  let app: Client;

  beforeAll(async () => {
    db = await createTestDatabase('approle');
    await grantAppRole(db.url, role);
    const url = new URL(db.url);
    url.username = role;
    url.password = '';
    app = new Client({ connectionString: url.toString() });
    await app.connect();
  });

  afterAll(async () => {
    await app?.end();
    await db?.drop();
    const admin = new Client({ connectionString: process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' });
    await admin.connect();
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.end();
  });

  it('should let the app insert and read audit events but never change or remove them', async () => {
    await app.query(`UPDATE system_chain_head SET last_seq = 1, head_hash = repeat('a', 64) WHERE id = 1`);
    await app.query(
      `INSERT INTO system_events (seq, at, actor_id, actor_role, action, data, prev_hash, hash)
       VALUES (1, now(), 'system', 'system', 'test', '{}', repeat('0', 64), repeat('a', 64))`,
    );
    expect((await app.query(`SELECT count(*)::int AS n FROM system_events`)).rows[0].n).toBe(1);
    // Privileges refuse it before the trigger is even reached; an attacker with only the app's credentials
    // cannot disable the trigger either.
    await expect(app.query(`UPDATE system_events SET action = 'forged'`)).rejects.toThrow(/permission denied/);
    await expect(app.query(`DELETE FROM system_events`)).rejects.toThrow(/permission denied/);
    await expect(app.query(`TRUNCATE system_events`)).rejects.toThrow(/permission denied/);
    await expect(app.query(`ALTER TABLE case_events DISABLE TRIGGER ALL`)).rejects.toThrow(/must be owner|permission denied/);
  });

  it('should leave schema changes and migration bookkeeping to the owner', async () => {
    await expect(app.query(`CREATE TABLE sneaky (id int)`)).rejects.toThrow(/permission denied/);
    await expect(app.query(`DELETE FROM migrations`)).rejects.toThrow(/permission denied/);
    await expect(app.query(`SELECT count(*) FROM migrations`)).resolves.toBeDefined();
  });
});
