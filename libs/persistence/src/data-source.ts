import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ALL_MIGRATIONS } from '@sentinel/migrations';

export interface CreateDataSourceOptions {
  /** postgres://user:pass@host:port/db (query parameters such as `sslmode` are passed to pg). */
  url: string;
  /** Log every SQL statement (default false; errors are always thrown, never logged here). */
  logging?: boolean;
  /** Max connections of this process's pool (default 10). */
  poolSize?: number;
  /** Shown in pg_stat_activity (default `sentinel`). */
  applicationName?: string;
  /** How long a query waits for a connection of the pool before failing (default 5,000 ms; the API answers 503). */
  connectTimeoutMs?: number;
}

/**
 * The one DataSource factory used by api, worker, tests and the migration runner.
 * Never synchronizes and never runs migrations at boot (`tools/migrate/run.ts` does, as the owner role).
 * There are no entity classes: the schema is the hand-written migrations, and the repositories' typed rows are
 * the model. pg's global type parsers are left untouched (int8 arrives as text: `int8()` converts; date[] is
 * selected as `::text[]`).
 * The caller calls `initialize()` and `destroy()`.
 */
export function createDataSource(opts: CreateDataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: opts.url,
    entities: [],
    migrations: ALL_MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsRun: false,
    synchronize: false,
    // The schema (pgcrypto, gen_random_uuid defaults) comes from migrations; the app role may not CREATE EXTENSION.
    installExtensions: false,
    uuidExtension: 'pgcrypto',
    logging: opts.logging ? 'all' : false,
    applicationName: opts.applicationName ?? 'sentinel',
    extra: {
      max: opts.poolSize ?? 10,
      connectionTimeoutMillis: opts.connectTimeoutMs ?? 5_000,
      idleTimeoutMillis: 30_000,
    },
  });
}

export interface MigrationRunResult {
  /** Names of the migrations that ran (empty when the schema was up to date). */
  ran: string[];
}

/** Runs every pending migration (each in its own transaction) against `url`, as the connecting role. */
export async function runMigrations(url: string, opts: { logging?: boolean } = {}): Promise<MigrationRunResult> {
  const ds = createDataSource({ url, logging: opts.logging, poolSize: 2, applicationName: 'sentinel-migrate' });
  await ds.initialize();
  try {
    const done = await ds.runMigrations({ transaction: 'each' });
    return { ran: done.map((m) => m.name) };
  } finally {
    await ds.destroy();
  }
}

/** Reverts the most recently applied migration; returns its name, or null if none was applied. */
export async function revertLastMigration(url: string, opts: { logging?: boolean } = {}): Promise<string | null> {
  const ds = createDataSource({ url, logging: opts.logging, poolSize: 2, applicationName: 'sentinel-migrate' });
  await ds.initialize();
  try {
    const before: Array<{ name: string }> = await ds.query(
      `SELECT name FROM migrations ORDER BY timestamp DESC, id DESC LIMIT 1`,
    ).catch(() => []);
    if (before.length === 0) return null;
    await ds.undoLastMigration({ transaction: 'each' });
    return before[0].name;
  } finally {
    await ds.destroy();
  }
}
