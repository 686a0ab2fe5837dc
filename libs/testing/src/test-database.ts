import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createDataSource, runMigrations } from '@sentinel/persistence';
import { dropDatabase, testDatabaseAdminUrl, urlFor, withAdmin } from './admin';

export interface TestDatabase {
  /** Database name, e.g. `sn_cases_12345_1a2b3c4d`. */
  name: string;
  /** Connection URL of the new database (same credentials as the admin URL). */
  url: string;
  /** Initialised, fully migrated DataSource on the new database. */
  dataSource: DataSource;
  /** Closes the DataSource and drops the database WITH (FORCE). Safe to call twice. */
  drop(): Promise<void>;
}

/** `sn_<prefix>_<pid>_<random>` (or `<prefix>_<pid>_<random>` when prefix already starts with `sn`). */
export function testDatabaseName(prefix = 'sn'): string {
  const clean = prefix.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 30);
  const base = clean === 'sn' || clean.startsWith('sn_') ? clean : `sn_${clean}`;
  return `${base}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/**
 * Creates a fresh, uniquely named database on the test server (TEST_DATABASE_ADMIN_URL, default
 * postgres://postgres@127.0.0.1:5432/postgres), runs every migration and returns an initialised
 * DataSource. One per suite (`beforeAll`), dropped in `afterAll`:
 *
 *   let db: TestDatabase;
 *   beforeAll(async () => { db = await createTestDatabase('cases'); });
 *   afterAll(() => db.drop());
 */
export async function createTestDatabase(prefix = 'sn', opts: { poolSize?: number } = {}): Promise<TestDatabase> {
  const name = testDatabaseName(prefix);
  const url = urlFor(testDatabaseAdminUrl(), name);
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}"`));
  let dataSource: DataSource | undefined;
  try {
    await runMigrations(url);
    dataSource = createDataSource({ url, poolSize: opts.poolSize ?? 5, applicationName: `test:${name}` });
    await dataSource.initialize();
  } catch (e) {
    await dataSource?.destroy().catch(() => undefined);
    await dropDatabase(name).catch(() => undefined);
    throw e;
  }
  const ds = dataSource;
  let dropped = false;
  return {
    name,
    url,
    dataSource: ds,
    async drop() {
      if (dropped) return;
      dropped = true;
      if (ds.isInitialized) await ds.destroy();
      await dropDatabase(name);
    },
  };
}

