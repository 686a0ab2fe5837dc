/** Test helpers (used by this lib's specs only; libs/testing depends on this lib, so they cannot use it). */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource, runMigrations } from './data-source';

const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function admin(sql: string): Promise<void> {
  const c = new Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

export interface SuiteDatabase {
  ds: DataSource;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database for one suite, named `sn_<label>_<pid>_<random>` (so the global setup drops it
 * should the process die before `drop`).
 */
export async function createSuiteDatabase(label: string, poolSize = 2): Promise<SuiteDatabase> {
  const name = `sn_${label}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const url = Object.assign(new URL(ADMIN_URL), { pathname: `/${name}` }).toString();
  await admin(`CREATE DATABASE "${name}"`);
  await runMigrations(url);
  const ds = createDataSource({ url, poolSize });
  await ds.initialize();
  return {
    ds,
    drop: async () => {
      if (ds.isInitialized) await ds.destroy();
      await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}
