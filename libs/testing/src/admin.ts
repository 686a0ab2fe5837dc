import { Client } from 'pg';

// Plain `pg` only (no TypeORM, no @sentinel/* imports): Jest's globalSetup loads this without module mapping.

export const DEFAULT_TEST_DATABASE_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** Every test database name starts with this, so the stale-database sweep can find them. */
export const NAME_RE = /^sn(?:_[a-z0-9_]*)?_(\d+)_([0-9a-f]{8})$/;

export function testDatabaseAdminUrl(): string {
  return process.env.TEST_DATABASE_ADMIN_URL || DEFAULT_TEST_DATABASE_ADMIN_URL;
}

export function urlFor(adminUrl: string, database: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function withAdmin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const adminUrl = testDatabaseAdminUrl();
  const c = new Client({ connectionString: adminUrl, application_name: 'sentinel-test-admin' });
  try {
    await c.connect();
  } catch (e) {
    const err = e as Error;
    throw new Error(
      `Test PostgreSQL is not reachable at ${adminUrl} (${err.message}). Start it (.ci/run does) or set TEST_DATABASE_ADMIN_URL.`,
    );
  }
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export async function dropDatabase(name: string): Promise<void> {
  await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

