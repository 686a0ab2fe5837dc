import { Client } from 'pg';
import { ALL_MIGRATIONS } from '@sentinel/migrations';
import { testDatabaseAdminUrl } from './admin';
import { cleanupStaleTestDatabases } from './stale-databases';
import { createTestDatabase, testDatabaseName } from './test-database';

async function databaseExists(name: string): Promise<boolean> {
  const c = new Client({ connectionString: testDatabaseAdminUrl() });
  await c.connect();
  try {
    const r = await c.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]);
    return r.rowCount === 1;
  } finally {
    await c.end();
  }
}

function deadPid(): number {
  for (let pid = 4_000_000; pid > 1000; pid -= 7919) {
    try {
      process.kill(pid, 0);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ESRCH') return pid;
    }
  }
  throw new Error('no dead pid found');
}

describe('createTestDatabase', () => {
  it('should create a migrated database (from the template: time printed, not asserted) and drop it', async () => {
    const started = performance.now();
    const db = await createTestDatabase('testing');
    const ms = performance.now() - started;
    try {
      expect(db.name).toMatch(new RegExp(`^sn_testing_${process.pid}_[0-9a-f]{8}$`));
      expect(db.dataSource.isInitialized).toBe(true);
      const [{ terminals, events }] = await db.dataSource.query(`SELECT (SELECT count(*)::int FROM terminals) AS terminals, (SELECT count(*)::int FROM case_events) AS events`);
      expect({ terminals, events }).toEqual({ terminals: 0, events: 0 });
      const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM migrations`);
      expect(n).toBe(ALL_MIGRATIONS.length);
      process.stdout.write(`createTestDatabase took ${ms.toFixed(0)} ms\n`);
    } finally {
      await db.drop();
    }
    expect(await databaseExists(db.name)).toBe(false);
    await db.drop(); // idempotent
  });

  it('should give each call its own database', async () => {
    const [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    try {
      expect(a.name).not.toBe(b.name);
      expect(a.name).toMatch(/^sn_\d+_[0-9a-f]{8}$/);
      await a.dataSource.query(`INSERT INTO terminals (sn) VALUES ('ONLYINA')`);
      expect(await b.dataSource.query(`SELECT count(*)::int AS n FROM terminals`)).toEqual([{ n: 0 }]);
    } finally {
      await Promise.all([a.drop(), b.drop()]);
    }
  });

  it('should name databases so the sweep can find them', () => {
    expect(testDatabaseName('sn')).toMatch(/^sn_\d+_[0-9a-f]{8}$/);
    expect(testDatabaseName('sn_api')).toMatch(/^sn_api_\d+_[0-9a-f]{8}$/);
    expect(testDatabaseName('Case-Actions!')).toMatch(/^sn_case_actions_\d+_[0-9a-f]{8}$/);
  });
});

describe('cleanupStaleTestDatabases', () => {
  it('should drop databases of dead processes and keep those of live ones', async () => {
    const stale = `sn_stale_${deadPid()}_deadbeef`;
    const c = new Client({ connectionString: testDatabaseAdminUrl() });
    await c.connect();
    await c.query(`CREATE DATABASE "${stale}"`);
    await c.end();
    const live = await createTestDatabase('live');
    try {
      const dropped = await cleanupStaleTestDatabases();
      expect(dropped).toContain(stale);
      expect(dropped).not.toContain(live.name);
      expect(await databaseExists(stale)).toBe(false);
      expect(await databaseExists(live.name)).toBe(true);
    } finally {
      await live.drop();
    }
  });
});
