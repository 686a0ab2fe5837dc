/**
 * Historical import throughput (docs/api.md "Historical import", target ≥ 5,000 reports/s): `npm run import` of a
 * generated CSV — every row judged like POST /api/reports, planned (`import_case`), written 1,000 rows per
 * transaction with its case, freeze record and chained events — vs. a raw COPY of the same rows (external id,
 * SN, channel, misuse type, payload, received time) into a bare reports-like table. Mix: 1 row in 10 closed, 1 in
 * 10 a second report of the SN before it (a link), the rest new cases.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createTestDatabase } from '@sentinel/testing';
import { importFile } from '../import/run';
import { timed, type Row } from './bench-util';

const HEADER = 'externalId,sn,channel,misuseType,merchantName,amountAtRisk.minor,amountAtRisk.currency,description,receivedAt,status,outcome,closedAt';

function rowOf(i: number) {
  const linked = i % 10 === 5;
  const closed = i % 10 === 9;
  const at = new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString();
  return {
    externalId: `E-${i}`,
    sn: `HIST-${String(linked ? i - 1 : i).padStart(8, '0')}`,
    merchantName: `Merchant ${i % 500}`,
    minor: 10_000 + i,
    description: `history row ${i}, terminal reported, "quoted"`,
    at,
    closedAt: closed ? new Date(Date.parse(at) + 86_400_000).toISOString() : null,
  };
}

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

function csvRow(i: number): string {
  const r = rowOf(i);
  const closing = r.closedAt ? ['closed', 'no_misuse', r.closedAt] : ['', '', ''];
  return [r.externalId, r.sn, 'merchant_call', 'cloned_terminal', r.merchantName, String(r.minor), 'CNY', quote(r.description), r.at, ...closing].join(',');
}

/** The same row for the raw COPY: external id, SN, channel, misuse type, the report as JSON, received time. */
function copyRow(i: number): string {
  const r = rowOf(i);
  const payload = { sn: r.sn, channel: 'merchant_call', misuseType: 'cloned_terminal', merchantName: r.merchantName, amountAtRisk: { minor: r.minor, currency: 'CNY' }, description: r.description };
  return `${[r.externalId, r.sn, 'merchant_call', 'cloned_terminal', quote(JSON.stringify(payload)), r.at].join(',')}\n`;
}

export async function benchImport(n: number): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'sn-bench-import-'));
  const file = join(dir, 'history.csv');
  const lines = Array.from({ length: n }, (_, i) => csvRow(i));
  writeFileSync(file, `${HEADER}\n${lines.join('\n')}\n`);
  const db = await createTestDatabase('bench_import', { poolSize: 2 });
  const raw = new Client({ connectionString: db.url });
  await raw.connect();
  try {
    const ours = await timed(() => importFile(db.url, { file, dryRun: false, json: true }));
    if (ours.value.imported !== n || ours.value.failed) throw new Error(`import bench: ${JSON.stringify({ ...ours.value, errors: ours.value.errors.slice(0, 5) })}`);
    const rerun = await timed(() => importFile(db.url, { file, dryRun: false, json: true }));
    if (rerun.value.skipped !== n) throw new Error('import bench: the re-run imported rows again');

    await raw.query(`CREATE TABLE bench_import_reports (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), external_id text UNIQUE, sn text, channel text,
                       misuse_type text, payload jsonb, received_at timestamptz)`);
    const copy = await timed(async () => {
      const sink = raw.query(copyFrom(`COPY bench_import_reports (external_id, sn, channel, misuse_type, payload, received_at) FROM STDIN WITH (FORMAT csv)`));
      const rows = Array.from({ length: n }, (_, i) => copyRow(i));
      await pipeline(Readable.from(rows), sink);
    });
    const oursRate = n / (ours.ms / 1000);
    const rawRate = n / (copy.ms / 1000);
    const rerunRate = n / (rerun.ms / 1000);
    return [
      {
        name: `import: rows/s (${n} CSV rows, 1,000 per tx)`,
        ours: `${oursRate.toFixed(0)} per s`,
        raw: `${rawRate.toFixed(0)} per s`,
        ratio: rawRate / oursRate,
        note: `target ≥ 5,000/s; re-run (all skipped) ${rerunRate.toFixed(0)}/s; raw = COPY of the rows into a bare table`,
      },
    ];
  } finally {
    await raw.end();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchImport(Number(process.env.BENCH_IMPORT ?? 20_000)).then(
    (rows) => console.log(rows),
    (e: Error) => {
      console.error(e);
      process.exit(1);
    },
  );
}
