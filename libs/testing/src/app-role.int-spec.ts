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

  it('should let only the database move the chain heads', async () => {
    const head = async () => (await app.query(`SELECT last_seq, head_hash FROM system_chain_head WHERE id = 1`)).rows[0];
    const insert = (seq: number, prev: string, hash: string, at = 'now()') =>
      app.query(
        `INSERT INTO system_events (seq, at, actor_id, actor_role, action, data, prev_hash, hash)
         VALUES ($1, ${at}, 'system', 'system', 'test', '{}', $2, $3)`,
        [seq, prev, hash],
      );
    const before = await head();
    // the head follows what was inserted…
    await insert(before.last_seq + 1, before.head_hash, 'b'.repeat(64));
    expect(await head()).toEqual({ last_seq: before.last_seq + 1, head_hash: 'b'.repeat(64) });
    // …and nothing that does not continue the chain is accepted: a wrong link, a skipped seq, a back-dated time
    await expect(insert(before.last_seq + 2, 'f'.repeat(64), 'c'.repeat(64))).rejects.toThrow(/does not follow the system head/);
    await expect(insert(before.last_seq + 3, 'b'.repeat(64), 'c'.repeat(64))).rejects.toThrow(/does not follow the system head/);
    await expect(insert(before.last_seq + 2, 'b'.repeat(64), 'c'.repeat(64), `now() - interval '1 day'`)).rejects.toThrow(/does not follow/);
    // the app may lock the head row but not write it
    await app.query('BEGIN');
    await expect(app.query(`SELECT last_seq FROM system_chain_head WHERE id = 1 FOR UPDATE`)).resolves.toBeDefined();
    await app.query('COMMIT');
    await expect(app.query(`UPDATE system_chain_head SET last_seq = 99, head_hash = repeat('d', 64) WHERE id = 1`)).rejects.toThrow(/permission denied/);
    await expect(app.query(`UPDATE cases SET head_hash = repeat('d', 64), last_event_seq = 99`)).rejects.toThrow(/permission denied/);
    await expect(app.query(`UPDATE cases SET head_at = now()`)).rejects.toThrow(/permission denied/);
    await expect(app.query(`INSERT INTO cases (id, last_event_seq) VALUES (gen_random_uuid(), 5)`)).rejects.toThrow(/permission denied/);
    // the rest of the case row stays the app's to change
    await expect(app.query(`UPDATE cases SET version = version + 1, assignee_id = NULL WHERE false`)).resolves.toBeDefined();
    expect((await head()).last_seq).toBe(before.last_seq + 1);
  });

  it('should leave schema changes and migration bookkeeping to the owner', async () => {
    await expect(app.query(`CREATE TABLE sneaky (id int)`)).rejects.toThrow(/permission denied/);
    await expect(app.query(`DELETE FROM migrations`)).rejects.toThrow(/permission denied/);
    await expect(app.query(`SELECT count(*) FROM migrations`)).resolves.toBeDefined();
  });
});
