/**
 * Migration runner: `npm run migrate` (= node -r ./tools/register.js tools/migrate/run.ts [--revert]).
 *
 * Connects with MIGRATION_DATABASE_URL (the schema owner), else DATABASE_URL, runs every pending
 * migration of migrations/index.ts (each in its own transaction) and prints what ran.
 * `--revert` reverts the most recently applied migration instead.
 *
 * Production: migrations run as the owner; the app connects as a different role that may only
 * INSERT/SELECT the audit tables (case_events, system_events). Set APP_DB_ROLE (and optionally
 * APP_DB_PASSWORD) and this runner creates that role if missing and (re)applies its grants after
 * migrating (see app-role.ts); then give the app DATABASE_URL=postgres://<APP_DB_ROLE>:…@host/db.
 * Exit codes: 0 ok, 1 migration failed, 2 bad configuration.
 */
import { revertLastMigration, runMigrations } from '@sentinel/persistence';
import { grantAppRole } from './app-role';

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

export async function main(argv: string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const url = env.MIGRATION_DATABASE_URL || env.DATABASE_URL;
  if (!url) {
    console.error('migrate: set MIGRATION_DATABASE_URL (schema owner) or DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/sentinel');
    return 2;
  }
  const unknown = argv.filter((a) => a !== '--revert');
  if (unknown.length) {
    console.error(`migrate: unknown argument(s) ${unknown.join(' ')} (usage: migrate [--revert])`);
    return 2;
  }
  const started = Date.now();
  try {
    if (argv.includes('--revert')) {
      const name = await revertLastMigration(url);
      console.log(name ? `migrate: reverted ${name} on ${redact(url)}` : `migrate: nothing to revert on ${redact(url)}`);
      return 0;
    }
    const { ran } = await runMigrations(url);
    if (ran.length === 0) console.log(`migrate: schema is up to date on ${redact(url)}`);
    for (const name of ran) console.log(`migrate: ran ${name}`);
    if (env.APP_DB_ROLE) {
      await grantAppRole(url, env.APP_DB_ROLE, env.APP_DB_PASSWORD || undefined);
      console.log(`migrate: role ${env.APP_DB_ROLE} granted (INSERT/SELECT only on case_events, system_events)`);
    }
    console.log(`migrate: done in ${Date.now() - started} ms`);
    return 0;
  } catch (e) {
    const err = e as Error & { code?: string };
    const hint =
      err.code === 'ECONNREFUSED'
        ? ' (is PostgreSQL running and reachable?)'
        : err.code === '3D000'
          ? ' (the database does not exist: create it first)'
          : err.code === '28P01' || err.code === '28000'
            ? ' (authentication failed)'
            : '';
    console.error(`migrate: FAILED on ${redact(url)}${hint}: ${err.message || String(e)}`);
    if (env.MIGRATE_DEBUG) console.error(err.stack);
    return 1;
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (e) => {
      console.error('migrate: unexpected failure:', e);
      process.exit(1);
    },
  );
}
