import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { verifyChain } from '@sentinel/domain';
import { EventsRepository, IMPORT_USER_ID, ReconcileRepository, toChainEvent } from '@sentinel/persistence';
import { createTestDatabase, type TestDatabase } from '@sentinel/testing';
import { ImportFileError } from '../src/imports/import-row';
import { HistoricalImport } from '../src/imports/import-runner';
import { IMPORT_ACTOR, importFile, sha256File } from '../../../tools/import/run';

/** The historical import (docs/api.md "Historical import") through the CLI's entry point, on a real database. */
describe('historical import (npm run import)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let dir: string;
  const events = new EventsRepository();

  beforeAll(async () => {
    db = await createTestDatabase('import');
    ds = db.dataSource;
    dir = mkdtempSync(join(tmpdir(), 'sn-import-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db?.drop();
  });

  const csv = (name: string, lines: string[]) => {
    const file = join(dir, name);
    writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  };
  const HEADER = 'externalId,sn,channel,misuseType,merchantName,bankCode,amountAtRisk.minor,amountAtRisk.currency,reporter.name,description,receivedAt,occurredAt,status,outcome,closedAt';
  const count = async (sql: string, args: unknown[] = []) => (await ds.query(sql, args))[0].n as number;
  const run = (file: string, dryRun = false) => importFile(db.url, { file, dryRun, json: true });

  let firstCaseId: string;

  it('should import valid rows as cases (links, a closed case), refuse bad rows by field and skip a repeated externalId', async () => {
    const startedAt = Date.now();
    const file = csv('history.csv', [
      HEADER,
      'H-1,pax-a920-000001 ,merchant_call,cloned_terminal,Lucky Noodles,ICBC,1250000,CNY,Zhang San,first report,2025-03-01T09:00:00+08:00,2025-02-28T22:00:00+08:00,,,',
      'H-2,PAX-A920-000001,cardholder,cloned_terminal,,,,,,second report,2025-03-02T10:00:00Z,,,,',
      'H-3,PAX-A920-000002,bank_alert,skimming_tampering,Old Shop,,,,,"closed long ago, with a ""quote""",2024-06-01T08:00:00Z,,closed,no_misuse,2024-07-01T08:00:00Z',
      'H-4,x!,fax,cloned_terminal,,,,,,,,,,,',
      'H-5,PAX-A920-000003,merchant_call,cloned_terminal,,,,,,card 4111 1111 1111 1111 was used,2025-01-01T00:00:00Z,,,,',
      'H-1,PAX-A920-000001,merchant_call,cloned_terminal,,,,,,again,2025-03-01T09:00:00Z,,,,',
      'H-6,PAX-A920-000004,merchant_call,cloned_terminal,,,,,,,2025-01-01T00:00:00Z,,open,confirmed_misuse,',
    ]);
    const s = await run(file);
    expect(s).toMatchObject({ rows: 7, imported: 3, skipped: 1, failed: 3, dryRun: false, fileSha256: await sha256File(file) });
    expect(s.errors).toEqual(
      expect.arrayContaining([
        { row: 4, field: 'sn', code: 'PATTERN' },
        { row: 4, field: 'channel', code: 'NOT_ALLOWED' },
        { row: 5, field: 'description', code: 'CARD_NUMBER' },
        { row: 7, field: 'outcome', code: 'NOT_ALLOWED' },
      ]),
    );
    expect(s.errors.filter((e) => e.row === 1 || e.row === 2 || e.row === 3)).toEqual([]);

    const cases = await ds.query(
      `SELECT id, sn, status, outcome, closed_at, closed_from_stage, stage, due_at, sla_state, bank_code, priority, last_event_seq, head_hash FROM cases ORDER BY sn`,
    );
    expect(cases).toHaveLength(2);
    const [open, closed] = cases;
    firstCaseId = open.id;
    expect(open).toMatchObject({ sn: 'PAX-A920-000001', status: 'open', stage: 'freeze', due_at: null, sla_state: null, bank_code: 'ICBC', last_event_seq: 2 });
    expect(closed).toMatchObject({ sn: 'PAX-A920-000002', status: 'closed', outcome: 'no_misuse', closed_from_stage: 'freeze', last_event_seq: 2 });
    expect(new Date(closed.closed_at).toISOString()).toBe('2024-07-01T08:00:00.000Z');

    const reports = await ds.query(`SELECT external_id, case_id, received_at, submitted_by, payload FROM reports ORDER BY external_id`);
    expect(reports.map((r: { external_id: string }) => r.external_id)).toEqual(['H-1', 'H-2', 'H-3']);
    expect(reports[0]).toMatchObject({ case_id: open.id, submitted_by: IMPORT_USER_ID });
    expect(new Date(reports[0].received_at).toISOString()).toBe('2025-03-01T01:00:00.000Z');
    expect(reports[0].payload).toMatchObject({ sn: 'PAX-A920-000001', amountAtRisk: { minor: 1250000, currency: 'CNY' }, reporter: { name: 'Zhang San' } });
    expect(reports[2].payload.description).toBe('closed long ago, with a "quote"');
    // the refused card number is stored nowhere
    expect(await count(`SELECT count(*)::int AS n FROM reports WHERE payload::text LIKE '%4111%'`)).toBe(0);

    // history is not worked again: no clocks, no bank notifications, no alerts
    expect(await count(`SELECT count(*)::int AS n FROM sla_clocks`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM notifications`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM alerts`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM regulatory_clocks`)).toBe(0);

    for (const c of cases) {
      const chain = (await events.listCaseEvents(ds, c.id)).map(toChainEvent);
      expect(verifyChain(chain, { lastSeq: c.last_event_seq, headHash: c.head_hash })).toEqual({ ok: true, eventsChecked: 2, failures: [] });
      for (const e of chain) {
        expect(e.actor).toEqual({ id: 'system:import', role: 'system' });
        expect(new Date(e.at).getTime()).toBeGreaterThanOrEqual(startedAt - 1000);
      }
    }
    const openEvents = (await events.listCaseEvents(ds, open.id)).map(toChainEvent);
    expect(openEvents.map((e) => e.action)).toEqual(['case.opened', 'report.linked']);
    expect(openEvents[0].data.imported).toEqual({
      externalId: 'H-1',
      row: 1,
      receivedAt: '2025-03-01T01:00:00.000Z',
      occurredAt: '2025-02-28T14:00:00.000Z',
      fileSha256: s.fileSha256,
    });
    const closedEvents = (await events.listCaseEvents(ds, closed.id)).map(toChainEvent);
    expect(closedEvents.map((e) => e.action)).toEqual(['case.opened', 'case.closed']);
    expect(closedEvents[1].data.after).toMatchObject({ status: 'closed', outcome: 'no_misuse', closedAt: '2024-07-01T08:00:00.000Z' });

    // state matches history: the rows hold what the events say (no clock for a stage entered by the import)
    expect(await new ReconcileRepository().run(ds)).toEqual({ ok: true, casesChecked: 2, findings: [] });

    // running the same file again imports nothing twice
    const again = await run(file);
    expect(again).toMatchObject({ rows: 7, imported: 0, skipped: 4, failed: 3 });
    expect(await count(`SELECT count(*)::int AS n FROM reports`)).toBe(3);
    expect(await count(`SELECT count(*)::int AS n FROM cases`)).toBe(2);
  });

  it('should link a later file row to the case an earlier import left open, through the write path', async () => {
    const file = csv('later.csv', ['externalId,sn,channel,misuseType,receivedAt', 'L-1,PAX-A920-000001,internal_monitoring,cloned_terminal,2025-04-01T00:00:00Z']);
    expect(await run(file)).toMatchObject({ rows: 1, imported: 1, skipped: 0, failed: 0 });
    expect(await count(`SELECT count(*)::int AS n FROM reports WHERE case_id = $1`, [firstCaseId])).toBe(3);
    const [c] = await ds.query(`SELECT last_event_seq, head_hash FROM cases WHERE id = $1`, [firstCaseId]);
    const chain = (await events.listCaseEvents(ds, firstCaseId)).map(toChainEvent);
    expect(chain.at(-1)).toMatchObject({
      action: 'report.linked',
      actor: { id: 'system:import', role: 'system' },
      data: { imported: { externalId: 'L-1', row: 1, receivedAt: '2025-04-01T00:00:00.000Z', fileSha256: await sha256File(file) } },
    });
    expect(verifyChain(chain, { lastSeq: c.last_event_seq, headHash: c.head_hash }).ok).toBe(true);
    expect(await count(`SELECT count(*)::int AS n FROM notifications`)).toBe(0);
    expect((await new ReconcileRepository().run(ds)).findings).toEqual([]);
  });

  it('should apply the rows of one SN in file order when small chunks are written concurrently', async () => {
    const sns = ['ORD-A', 'ORD-B', 'ORD-A', 'ORD-C', 'ORD-A', 'ORD-B', 'ORD-D', 'ORD-A', 'ORD-C'];
    const file = csv('order.csv', ['externalId,sn,channel,misuseType', ...sns.map((sn, i) => `O-${i + 1},${sn}-000001,merchant_call,cloned_terminal`)]);
    const s = await new HistoricalImport(ds).run(createReadStream(file), {
      actor: IMPORT_ACTOR,
      submittedBy: { id: IMPORT_USER_ID, role: 'system' },
      source: {},
      dryRun: false,
      defaultTimeZone: 'UTC',
      chunkRows: 2,
    });
    expect(s).toMatchObject({ rows: 9, imported: 9, skipped: 0, failed: 0 });
    const [a] = await ds.query(`SELECT id, last_event_seq, head_hash FROM cases WHERE sn = 'ORD-A-000001'`);
    const chain = (await events.listCaseEvents(ds, a.id)).map(toChainEvent);
    expect(chain.map((e) => [e.action, (e.data.imported as { externalId: string }).externalId])).toEqual([
      ['case.opened', 'O-1'],
      ['report.linked', 'O-3'],
      ['report.linked', 'O-5'],
      ['report.linked', 'O-8'],
    ]);
    expect(verifyChain(chain, { lastSeq: a.last_event_seq, headHash: a.head_hash }).ok).toBe(true);
    expect(await count(`SELECT count(*)::int AS n FROM cases WHERE sn LIKE 'ORD-%'`)).toBe(4);
  });

  it('should write nothing on a dry run, and still count what it would import and skip', async () => {
    const before = await ds.query(`SELECT (SELECT count(*) FROM cases)::int AS c, (SELECT count(*) FROM reports)::int AS r, (SELECT count(*) FROM terminals)::int AS t, (SELECT count(*) FROM case_events)::int AS e`);
    const file = csv('dry.csv', ['externalId,sn,channel,misuseType', 'D-1,PAX-DRY-000001,merchant_call,lost_or_stolen', 'H-3,PAX-A920-000002,merchant_call,lost_or_stolen', 'D-2,bad sn!,merchant_call,lost_or_stolen']);
    expect(await run(file, true)).toMatchObject({ rows: 3, imported: 1, skipped: 1, failed: 1, dryRun: true });
    const after = await ds.query(`SELECT (SELECT count(*) FROM cases)::int AS c, (SELECT count(*) FROM reports)::int AS r, (SELECT count(*) FROM terminals)::int AS t, (SELECT count(*) FROM case_events)::int AS e`);
    expect(after).toEqual(before);
  });

  it('should refuse a file with a column that is not a report field, importing nothing', async () => {
    const file = csv('bad-header.csv', ['externalId,sn,channel,misuseType,pan', 'B-1,PAX-BAD-000001,merchant_call,lost_or_stolen,4111111111111111']);
    await expect(run(file)).rejects.toThrow(ImportFileError);
    expect(await count(`SELECT count(*)::int AS n FROM reports WHERE external_id = 'B-1'`)).toBe(0);
  });
});
