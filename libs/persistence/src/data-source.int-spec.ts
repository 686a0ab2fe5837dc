import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import type { DataSource, QueryFailedError } from 'typeorm';
import { ALL_MIGRATIONS } from '@sentinel/migrations';
import { createDataSource, int8, maybeOne, one, rows, runMigrations, runTogether } from './index';

// Self-contained on purpose (libs/testing depends on this lib; no cycle): one fresh database for this suite.
const execFileAsync = promisify(execFile);
const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function dbUrl(name: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

function pgError(e: unknown): { code?: string; constraint?: string; message: string } {
  const err = e as QueryFailedError & { driverError?: { code?: string; constraint?: string } };
  return { code: err.driverError?.code, constraint: err.driverError?.constraint, message: err.message };
}

async function expectPgError(p: Promise<unknown>): Promise<{ code?: string; constraint?: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return pgError(e);
  }
  throw new Error('expected the statement to fail');
}

describe('createDataSource', () => {
  const dbName = `sn_persist_${process.pid}_${randomBytes(4).toString('hex')}`;
  let ds: DataSource;

  beforeAll(async () => {
    await admin((c) => c.query(`CREATE DATABASE "${dbName}"`));
    const { ran } = await runMigrations(dbUrl(dbName));
    expect(ran).toEqual(ALL_MIGRATIONS.map((m) => m.name));
    ds = createDataSource({ url: dbUrl(dbName), poolSize: 3 });
    await ds.initialize();
  });

  afterAll(async () => {
    if (ds?.isInitialized) await ds.destroy();
    await admin((c) => c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`));
  });

  async function newCase(sn: string, status: 'open' | 'closed' = 'open'): Promise<{ id: string }> {
    const terminal = await one<{ id: string }>(
      ds,
      `INSERT INTO terminals (sn, model, bank_code) VALUES ($1, 'PAX A920', 'ICBC')
       ON CONFLICT (sn) DO UPDATE SET updated_at = now() RETURNING id`,
      [sn],
    );
    return one<{ id: string }>(
      ds,
      `INSERT INTO cases (reference, terminal_id, sn, misuse_type, stage, status, priority, priority_rank, amount_at_risk_minor, amount_at_risk_currency)
       VALUES ($1, $2, $3, 'cloned_terminal', 'freeze', $4, 'p2', 2, 1234567890123, 'CNY') RETURNING id`,
      [`SN-TEST-${randomBytes(3).toString('hex')}`, terminal.id, sn, status],
    );
  }

  const event = (caseId: string, seq: number, hash: string) =>
    ds.query(
      `INSERT INTO case_events (case_id, seq, at, actor_id, actor_role, action, data, prev_hash, hash) VALUES ($1, $2, $3, 'system', 'system', 'case.opened', $4, $5, $6)`,
      [caseId, seq, new Date('2026-03-01T08:00:00.123Z'), JSON.stringify({ sn: 'X', nested: { n: 1 } }), '0'.repeat(64), hash],
    );

  it('should report that migrations are up to date on a second run', async () => {
    expect(await runMigrations(dbUrl(dbName))).toEqual({ ran: [] });
  });

  it('should read back a case and its event with the column types the repositories rely on', async () => {
    const { id } = await newCase('SNREAD0001');
    const c = await one<{
      sn: string;
      status: string;
      version: number;
      last_event_seq: number;
      head_hash: string;
      waived_stages: string[];
      amount_at_risk_minor: string;
      outcome: string | null;
      sla_rank: number;
      priority_overridden: boolean;
      created_at: Date;
      model: string;
    }>(ds, `SELECT c.*, t.model FROM cases c JOIN terminals t ON t.id = c.terminal_id WHERE c.id = $1`, [id]);
    expect(c).toMatchObject({
      sn: 'SNREAD0001',
      status: 'open',
      version: 1,
      last_event_seq: 0,
      head_hash: '0'.repeat(64),
      waived_stages: [],
      outcome: null,
      sla_rank: 1,
      priority_overridden: false,
      model: 'PAX A920',
    });
    // int8 arrives as text (pg's parsers are left alone); int8() converts, refusing what would lose precision.
    expect(c.amount_at_risk_minor).toBe('1234567890123');
    expect(int8(c.amount_at_risk_minor)).toBe(1_234_567_890_123);
    expect(() => int8('9007199254740993')).toThrow(RangeError);
    expect(c.created_at).toBeInstanceOf(Date);

    await event(id, 1, 'a'.repeat(64));
    const back = await one<{ at: Date; data: unknown; hash: string }>(ds, `SELECT at, data, hash FROM case_events WHERE case_id = $1`, [id]);
    expect(back.at.toISOString()).toBe('2026-03-01T08:00:00.123Z');
    expect(back.data).toEqual({ sn: 'X', nested: { n: 1 } });
    expect(back.hash).toBe('a'.repeat(64));
  });

  it('should refuse UPDATE and DELETE on case_events (append-only trigger)', async () => {
    const { id } = await newCase('SNAUDIT001');
    await event(id, 1, 'b'.repeat(64));

    const upd = await expectPgError(ds.query(`UPDATE case_events SET action = 'tampered' WHERE case_id = $1`, [id]));
    expect(upd.code).toBe('42501');
    expect(upd.message).toMatch(/append-only \(UPDATE on case_events\)/);

    const del = await expectPgError(ds.query(`DELETE FROM case_events WHERE case_id = $1`, [id]));
    expect(del.code).toBe('42501');
    expect(del.message).toMatch(/append-only \(DELETE on case_events\)/);

    const trunc = await expectPgError(ds.query(`TRUNCATE case_events`));
    expect(trunc.code).toBe('42501');

    expect(await rows(ds, `SELECT 1 FROM case_events WHERE case_id = $1`, [id])).toHaveLength(1);
  });

  it('should refuse a second open case for the same SN but allow closed ones', async () => {
    await newCase('SNDUP00001');
    const dup = await expectPgError(newCase('SNDUP00001'));
    expect(dup.code).toBe('23505');
    expect(dup.constraint).toBe('uq_case_open_sn');
    expect(await newCase('SNDUP00001', 'closed')).toMatchObject({ id: expect.any(String) });
  });

  it('should send several writes in one statement, checking foreign keys at its end, and count what they returned', async () => {
    const terminal = await one<{ id: string }>(ds, `INSERT INTO terminals (sn) VALUES ('SNTOGETHER1') RETURNING id`);
    const caseId = '00000000-0000-4000-8000-00000000000a';
    // The child row comes first: the foreign key is checked when the whole statement is done.
    const counts = await runTogether(ds, [
      { text: `INSERT INTO case_notes (case_id, text, author_id) SELECT $1, $2, id FROM users LIMIT 0`, values: [caseId, 'none'] },
      { text: `INSERT INTO case_freezes (case_id, bank_code) VALUES ($1, $2) RETURNING case_id`, values: [caseId, 'ICBC'], counted: true },
      {
        text: `INSERT INTO cases (id, reference, terminal_id, sn, misuse_type, stage, status, priority, priority_rank) VALUES ($1, $2, $3, 'SNTOGETHER1', 'other', 'freeze', 'open', 'p4', 4)`,
        values: [caseId, 'SN-TOGETHER-1', terminal.id],
      },
    ]);
    expect(counts).toEqual([0, 1, 0]);
    expect(await maybeOne(ds, `SELECT bank_code FROM case_freezes WHERE case_id = $1`, [caseId])).toEqual({ bank_code: 'ICBC' });
    const orphan = await expectPgError(
      runTogether(ds, [
        { text: `INSERT INTO case_freezes (case_id) VALUES ($1)`, values: ['00000000-0000-4000-8000-00000000000b'] },
        { text: `UPDATE terminals SET model = $1 WHERE sn = 'SNTOGETHER1'`, values: ['never'] },
      ]),
    );
    expect(orphan.code).toBe('23503');
    expect(await one(ds, `SELECT model FROM terminals WHERE sn = 'SNTOGETHER1'`)).toEqual({ model: null });
  });

  it('should read date[] columns as the same YYYY-MM-DD strings when selected as text[]', async () => {
    await ds.query(`UPDATE calendars SET holidays = $1, extra_working_days = $2 WHERE id = 'business'`, [['2026-01-01', '2026-10-01'], ['2026-09-27']]);
    const back = await one<{ holidays: string[]; extra: string[] }>(
      ds,
      `SELECT holidays::text[] AS holidays, extra_working_days::text[] AS extra FROM calendars WHERE id = 'business'`,
    );
    expect(back).toEqual({ holidays: ['2026-01-01', '2026-10-01'], extra: ['2026-09-27'] });
  });

  // pg parses `date` at local midnight, so the day could shift in far-off zones. Jest cannot change the
  // zone of its own process (process.env.TZ is sandboxed), so read back from child processes.
  it.each(['America/Los_Angeles', 'Pacific/Kiritimati'])(
    'should not shift date[] days in a process running in %s',
    async (tz) => {
      await ds.query(`UPDATE calendars SET holidays = $1 WHERE id = '24x7'`, [['2026-01-01', '2026-12-31']]);
      const root = path.resolve(__dirname, '../../..');
      const script = `
        const { createDataSource, ClocksRepository } = require('./libs/persistence/src/index.ts');
        (async () => {
          const ds = createDataSource({ url: process.env.URL, poolSize: 1 });
          await ds.initialize();
          const [c] = await ds.query("SELECT holidays::text[] AS holidays FROM calendars WHERE id = '24x7'");
          const business = await new ClocksRepository().loadCalendar(ds, 'business');
          process.stdout.write(JSON.stringify({ offset: new Date(2026, 0, 1).getTimezoneOffset(), holidays: c.holidays, business: business.holidays }));
          await ds.destroy();
        })().catch((e) => { console.error(e); process.exit(1); });`;
      const { stdout } = await execFileAsync(process.execPath, ['-r', './tools/register.js', '-e', script], {
        cwd: root,
        env: { ...process.env, TZ: tz, URL: dbUrl(dbName) },
      });
      const out = JSON.parse(stdout) as { offset: number; holidays: string[]; business: string[] };
      expect(out.offset).not.toBe(0);
      expect(out.holidays).toEqual(['2026-01-01', '2026-12-31']);
      expect(out.business).toEqual(['2026-01-01', '2026-10-01']);
    },
  );
});
