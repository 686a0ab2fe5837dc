import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import type { DataSource, QueryFailedError } from 'typeorm';
import { ALL_MIGRATIONS } from '@sentinel/migrations';
import { CalendarEntity, CaseEntity, CaseEventEntity, createDataSource, runMigrations, TerminalEntity } from './index';

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

  async function newCase(sn: string, status: 'open' | 'closed' = 'open'): Promise<CaseEntity> {
    const terminals = ds.getRepository(TerminalEntity);
    let terminal = await terminals.findOneBy({ sn });
    terminal ??= await terminals.save(terminals.create({ sn, model: 'PAX A920', bankCode: 'ICBC', settlementAccount: null }));
    return ds.getRepository(CaseEntity).save(
      ds.getRepository(CaseEntity).create({
        reference: `SN-TEST-${randomBytes(3).toString('hex')}`,
        terminalId: terminal.id,
        sn,
        misuseType: 'cloned_terminal',
        stage: 'freeze',
        status,
        priority: 'p2',
        priorityRank: 2,
        amountAtRiskMinor: 1_234_567_890_123,
        amountAtRiskCurrency: 'CNY',
      }),
    );
  }

  it('should report that migrations are up to date on a second run', async () => {
    expect(await runMigrations(dbUrl(dbName))).toEqual({ ran: [] });
  });

  it('should insert and read back a terminal, a case and a case event with the right JS types', async () => {
    const created = await newCase('SNREAD0001');
    const c = await ds.getRepository(CaseEntity).findOneOrFail({ where: { id: created.id }, relations: { terminal: true } });
    expect(c).toMatchObject({
      sn: 'SNREAD0001',
      status: 'open',
      stage: 'freeze',
      version: 1,
      lastEventSeq: 0,
      headHash: '0'.repeat(64),
      waivedStages: [],
      amountAtRiskMinor: 1_234_567_890_123,
      amountAtRiskCurrency: 'CNY',
      outcome: null,
      assigneeId: null,
      slaRank: 1,
      priorityOverridden: false,
    });
    expect(typeof c.amountAtRiskMinor).toBe('number');
    expect(c.createdAt).toBeInstanceOf(Date);
    expect(c.terminal?.model).toBe('PAX A920');

    const at = new Date('2026-03-01T08:00:00.123Z');
    const events = ds.getRepository(CaseEventEntity);
    const saved = await events.save(
      events.create({
        caseId: c.id,
        seq: 1,
        at,
        actorId: 'system',
        actorRole: 'system',
        action: 'case.opened',
        data: { sn: 'SNREAD0001', nested: { n: 1 } },
        prevHash: '0'.repeat(64),
        hash: 'a'.repeat(64),
      }),
    );
    const back = await events.findOneByOrFail({ id: saved.id });
    expect(back.at.toISOString()).toBe('2026-03-01T08:00:00.123Z');
    expect(back.data).toEqual({ sn: 'SNREAD0001', nested: { n: 1 } });
    expect(back.hash).toBe('a'.repeat(64));
  });

  it('should refuse UPDATE and DELETE on case_events (append-only trigger)', async () => {
    const c = await newCase('SNAUDIT001');
    await ds.getRepository(CaseEventEntity).insert({
      caseId: c.id,
      seq: 1,
      at: new Date(),
      actorId: 'system',
      actorRole: 'system',
      action: 'case.opened',
      data: {},
      prevHash: '0'.repeat(64),
      hash: 'b'.repeat(64),
    });

    const upd = await expectPgError(ds.query(`UPDATE case_events SET action = 'tampered' WHERE case_id = $1`, [c.id]));
    expect(upd.code).toBe('42501');
    expect(upd.message).toMatch(/append-only \(UPDATE on case_events\)/);

    const del = await expectPgError(ds.getRepository(CaseEventEntity).delete({ caseId: c.id }));
    expect(del.code).toBe('42501');
    expect(del.message).toMatch(/append-only \(DELETE on case_events\)/);

    const trunc = await expectPgError(ds.query(`TRUNCATE case_events`));
    expect(trunc.code).toBe('42501');

    expect(await ds.getRepository(CaseEventEntity).countBy({ caseId: c.id })).toBe(1);
  });

  it('should refuse a second open case for the same SN but allow closed ones', async () => {
    await newCase('SNDUP00001');
    const dup = await expectPgError(newCase('SNDUP00001'));
    expect(dup.code).toBe('23505');
    expect(dup.constraint).toBe('uq_case_open_sn');

    const closed = await newCase('SNDUP00001', 'closed');
    expect(closed.status).toBe('closed');
  });

  it('should read date[] columns back as the same YYYY-MM-DD strings', async () => {
    const calendars = ds.getRepository(CalendarEntity);
    const cal = await calendars.findOneByOrFail({ id: 'business' });
    expect(cal.holidays).toEqual([]);
    expect(cal.workingHours.mon).toEqual(['09:00', '18:00']);
    await calendars.update({ id: 'business' }, { holidays: ['2026-01-01', '2026-10-01'], extraWorkingDays: ['2026-09-27'] });
    const back = await calendars.findOneByOrFail({ id: 'business' });
    expect(back.holidays).toEqual(['2026-01-01', '2026-10-01']);
    expect(back.extraWorkingDays).toEqual(['2026-09-27']);
    const [raw] = await ds.query(`SELECT holidays::text AS h FROM calendars WHERE id = 'business'`);
    expect(raw.h).toBe('{2026-01-01,2026-10-01}');
  });

  // pg parses `date` at local midnight, so the day could shift in far-off zones. Jest cannot change the
  // zone of its own process (process.env.TZ is sandboxed), so read back from child processes.
  it.each(['America/Los_Angeles', 'Pacific/Kiritimati'])(
    'should not shift date[] days in a process running in %s',
    async (tz) => {
      await ds.getRepository(CalendarEntity).update({ id: '24x7' }, { holidays: ['2026-01-01', '2026-12-31'] });
      const root = path.resolve(__dirname, '../../..');
      const script = `
        const { createDataSource, CalendarEntity } = require('./libs/persistence/src/index.ts');
        (async () => {
          const ds = createDataSource({ url: process.env.URL, poolSize: 1 });
          await ds.initialize();
          const c = await ds.getRepository(CalendarEntity).findOneByOrFail({ id: '24x7' });
          process.stdout.write(JSON.stringify({ offset: new Date(2026, 0, 1).getTimezoneOffset(), holidays: c.holidays }));
          await ds.destroy();
        })().catch((e) => { console.error(e); process.exit(1); });`;
      const { stdout } = await execFileAsync(process.execPath, ['-r', './tools/register.js', '-e', script], {
        cwd: root,
        env: { ...process.env, TZ: tz, URL: dbUrl(dbName) },
      });
      const out = JSON.parse(stdout) as { offset: number; holidays: string[] };
      expect(out.offset).not.toBe(0);
      expect(out.holidays).toEqual(['2026-01-01', '2026-12-31']);
    },
  );
});
