import { Client } from 'pg';

/** Tables the application may only INSERT into and SELECT from (tamper resistance, docs/architecture.md "Audit"). */
export const APPEND_ONLY_TABLES = ['case_events', 'system_events', 'audit_checkpoints', 'audit_checkpoint_leaves'] as const;

/**
 * Chain-head columns only the database's triggers move (migration 1766400000000): the app may neither set them on
 * insert nor update them, so a head cannot be moved past events that do not exist.
 */
export const HEAD_COLUMNS: Record<string, string[]> = { cases: ['id', 'last_event_seq', 'head_hash', 'head_at'] };

/**
 * Production deployments run the app as a separate, non-owner role (`APP_DB_ROLE`), and migrations as
 * the owner (`MIGRATION_DATABASE_URL`). The owner can always disable triggers and rewrite history; the
 * app role cannot: it has SELECT/INSERT/UPDATE/DELETE on ordinary tables, only SELECT/INSERT on the
 * audit tables (plus the refuse-UPDATE/DELETE/TRUNCATE trigger), and no DDL rights.
 * Idempotent: run after every migration so new tables get their grants.
 *
 * `password` (optional) sets/rotates the role's login password; without it the role is created with
 * LOGIN and no password (use peer/cert auth, or set it out of band).
 */
export async function grantAppRole(ownerUrl: string, role: string, password?: string): Promise<string[]> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role)) {
    throw new Error(`APP_DB_ROLE must be a lower-case SQL identifier ([a-z_][a-z0-9_]*), got "${role}"`);
  }
  const c = new Client({ connectionString: ownerUrl, application_name: 'sentinel-migrate' });
  await c.connect();
  const done: string[] = [];
  const run = async (sql: string) => {
    await c.query(sql);
    done.push(sql.replace(/PASSWORD '.*'/, "PASSWORD '***'"));
  };
  try {
    const { rows: dbRows } = await c.query<{ db: string; me: string }>(`SELECT current_database() AS db, current_user AS me`);
    const { db, me } = dbRows[0];
    if (me === role) throw new Error(`APP_DB_ROLE (${role}) must differ from the migration (owner) role`);
    await c.query('BEGIN');
    const exists = await c.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [role]);
    const pw = password ? ` PASSWORD ${c.escapeLiteral(password)}` : '';
    if (exists.rowCount === 0) await run(`CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE${pw}`);
    else if (password) await run(`ALTER ROLE ${role} LOGIN${pw}`);
    await run(`GRANT CONNECT ON DATABASE ${c.escapeIdentifier(db)} TO ${role}`);
    await run(`GRANT USAGE ON SCHEMA public TO ${role}`);
    await run(`REVOKE CREATE ON SCHEMA public FROM ${role}`);
    await run(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`);
    await run(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
    for (const t of APPEND_ONLY_TABLES) {
      await run(`REVOKE UPDATE, DELETE, TRUNCATE ON ${t} FROM ${role}`);
      await run(`GRANT SELECT, INSERT ON ${t} TO ${role}`);
    }
    for (const [table, locked] of Object.entries(HEAD_COLUMNS)) {
      const { rows: cols } = await c.query<{ name: string }>(
        `SELECT column_name AS name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
        [table],
      );
      if (!cols.length) continue;
      const list = (names: string[]) => names.map((n) => c.escapeIdentifier(n)).join(', ');
      await run(`REVOKE INSERT, UPDATE ON ${table} FROM ${role}`);
      await run(`GRANT INSERT (${list(cols.map((x) => x.name).filter((n) => n === 'id' || !locked.includes(n)))}) ON ${table} TO ${role}`);
      await run(`GRANT UPDATE (${list(cols.map((x) => x.name).filter((n) => !locked.includes(n)))}) ON ${table} TO ${role}`);
    }
    // The system chain's head moves only by its trigger; UPDATE of `id` (which its CHECK pins to 1) is what lets the
    // app lock the head row (SELECT … FOR UPDATE needs an UPDATE privilege) without being able to change it.
    await run(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON system_chain_head FROM ${role}`);
    await run(`GRANT SELECT, UPDATE (id) ON system_chain_head TO ${role}`);
    // The migrations bookkeeping table belongs to the owner alone.
    await run(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON migrations FROM ${role}`);
    await run(`GRANT SELECT ON migrations TO ${role}`);
    await c.query('COMMIT');
    return done;
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await c.end();
  }
}
