import { verifyChain, type ChainEvent } from '@sentinel/domain';
import { rows } from '../sql';
import { appendSystemEvent } from '../repositories/events.repository';
import { createSuiteDatabase, type SuiteDatabase } from '../test-helpers';
import { caseEventsJsonlCopy, jsonLineSql, openExportSnapshot, systemEventsJsonlCopy } from './export-copy';

/** Text that COPY's text format would escape and CSV quoting would touch, and characters JSON must escape. */
const AWKWARD = ['back\\slash \\n \\\\', 'quote " and \'', 'line\nbreak\r\nand\ttab', 'ctl \u0001\u0002\u001f', '\\.', 'a,b;c|d', '备注 ✓ 😀', ''];

async function collect(source: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of source) parts.push(chunk);
  return Buffer.concat(parts);
}

/** The JSON Lines export's COPY (docs/api.md "Audit" export), against real PostgreSQL. */
describe('audit export COPY', () => {
  let db: SuiteDatabase;
  const written: ChainEvent[] = [];

  beforeAll(async () => {
    db = await createSuiteDatabase('exportcopy');
    for (const [i, text] of AWKWARD.entries()) {
      written.push(
        await appendSystemEvent(db.ds, {
          actor: { id: `user "${i}" \\ ${text}`, role: 'admin' },
          action: `test.${i}`,
          data: { text, nested: { list: [text, i, 1.5, null, true], [text || 'empty']: text }, n: i },
          at: new Date(Date.parse('2026-11-01T00:00:00.000Z') + i * 60_000),
        }),
      );
    }
  }, 60_000);
  afterAll(() => db?.drop());

  it('should write the JSON lines byte for byte as PostgreSQL builds them, holding exactly what was hashed', async () => {
    const snapshot = await openExportSnapshot(db.ds);
    const bytes = await collect(snapshot.copy(systemEventsJsonlCopy({})));
    await snapshot.close();
    const [{ expected }] = await rows<{ expected: string }>(db.ds, `SELECT string_agg(${jsonLineSql('NULL')} || E'\\n', '' ORDER BY seq) AS expected FROM system_events`);
    expect(bytes.toString('utf8')).toBe(expected);
    const lines = bytes.toString('utf8').split('\n');
    expect(lines.pop()).toBe('');
    const events = lines.map((l) => JSON.parse(l) as ChainEvent);
    expect(events).toEqual(written);
    expect(verifyChain(events).ok).toBe(true);
  });

  it('should apply the time range and read both chains from one snapshot', async () => {
    const snapshot = await openExportSnapshot(db.ds);
    const from = new Date(written[2].at);
    const to = new Date(written[5].at);
    const ranged = (await collect(snapshot.copy(systemEventsJsonlCopy({ from, to })))).toString('utf8').trim().split('\n');
    // written after the snapshot began: not in it
    await appendSystemEvent(db.ds, { actor: { id: 'later', role: 'admin' }, action: 'test.later', data: {} });
    const all = (await collect(snapshot.copy(systemEventsJsonlCopy({})))).toString('utf8').trim().split('\n');
    const cases = await collect(snapshot.copy(caseEventsJsonlCopy({ caseId: '00000000-0000-4000-8000-000000000001', from })));
    await snapshot.close();
    expect(ranged.map((l) => (JSON.parse(l) as ChainEvent).seq)).toEqual([written[2].seq, written[3].seq, written[4].seq]);
    expect(all).toHaveLength(written.length);
    expect(cases.length).toBe(0);
  });

  it('should refuse a case id that is not one (COPY takes no parameters)', () => {
    expect(() => caseEventsJsonlCopy({ caseId: "x' OR true --" })).toThrow(RangeError);
  });

  it('should discard the connection when closed on an error, and keep the pool serving', async () => {
    const snapshot = await openExportSnapshot(db.ds);
    const copy = snapshot.copy(systemEventsJsonlCopy({}))[Symbol.asyncIterator]();
    await copy.next();
    const [{ pid }] = await rows<{ pid: number }>(db.ds, `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND state <> 'idle' AND pid <> pg_backend_pid()`);
    await copy.return?.();
    await snapshot.close(new Error('client disconnected'));
    // the server notices the closed socket on its own time: wait for the backend to go (the suite's timeout bounds it)
    for (;;) {
      const left = await rows<{ pid: number }>(db.ds, `SELECT pid FROM pg_stat_activity WHERE pid = $1`, [pid]);
      if (!left.length) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const again = await openExportSnapshot(db.ds);
    expect((await collect(again.copy(systemEventsJsonlCopy({})))).toString('utf8').trim().split('\n').length).toBeGreaterThan(written.length);
    await again.close();
  });
});
