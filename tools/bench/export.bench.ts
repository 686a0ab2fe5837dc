import { get, type IncomingMessage } from 'node:http';
import { Client } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { hashPassword } from '../../apps/api/src/auth/auth.service';
import { cpuSecondsOf, memoryOf, startApiProcess } from './api-process';
import { timed, type Row } from './bench-util';

/** The served `at` (ISO 8601 UTC, milliseconds), in SQL. */
const AT = `to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The same ordered rows the export serves, as JSON built by PostgreSQL (one object per line, the export's keys). */
const RAW_JSONL = `COPY (SELECT row_to_json(x) FROM (
    SELECT case_id AS "caseId", seq, ${AT} AS at, json_build_object('id', actor_id, 'role', actor_role) AS actor, action, data,
           prev_hash AS "prevHash", hash
      FROM case_events ORDER BY case_id, seq) x) TO STDOUT`;
/** The export's CSV columns (data as jsonb's text, not canonical JSON: PostgreSQL has no RFC 8785). */
const RAW_CSV = `COPY (SELECT case_id AS "caseId", seq, ${AT} AS at, actor_id AS "actorId", actor_role AS "actorRole", action, data::text AS data,
           prev_hash AS "prevHash", hash FROM case_events ORDER BY case_id, seq) TO STDOUT (FORMAT csv, HEADER)`;

/** Counts the lines (newline bytes) and bytes of a byte stream. */
async function countLines(stream: AsyncIterable<Uint8Array>): Promise<{ lines: number; bytes: number }> {
  let lines = 0;
  let bytes = 0;
  for await (const chunk of stream) {
    bytes += chunk.length;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
  }
  return { lines, bytes };
}

async function rawCopy(url: string, sql: string): Promise<{ lines: number; bytes: number }> {
  const c = new Client({ connectionString: url, application_name: 'bench:copy' });
  await c.connect();
  try {
    return await countLines(c.query(copyTo(sql)));
  } finally {
    await c.end();
  }
}

/**
 * Audit export (GET /api/audit/export, scope cases: every case chain, chain by chain) against PostgreSQL's own
 * `COPY … TO STDOUT` of the same ordered rows, JSON Lines and CSV, on every case event of the database (the generated data set), and
 * the API's resident memory: idle after start and login, peak (VmHWM) after both exports. Both sides are read by this
 * process, counting lines. Targets: JSONL ≥ 80% of COPY's rows/s, CSV ≥ 50%, peak < 200 MB.
 */
export async function benchExport(url: string): Promise<{ rows: Row[]; idleMb: number; peakMb: number; startPeakMb: number }> {
  const api = await startApiProcess({ DATABASE_URL: url, LOG_LEVEL: 'silent', ENQUEUE_JOBS: 'false' });
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`INSERT INTO users (email, name, role, password_hash) VALUES ('auditor@bench.local', 'Bench auditor', 'auditor', $1)`, [await hashPassword('Bench-Password-1!')]);
    const login = await fetch(`${api.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'auditor@bench.local', password: 'Bench-Password-1!' }),
    });
    const { token } = (await login.json()) as { token: string };
    const events = Number((await c.query<{ n: string }>(`SELECT count(*) AS n FROM case_events`)).rows[0].n);
    const { rssMb: idleMb, peakMb: startPeakMb } = memoryOf(api.pid);
    const ours = async (format: 'jsonl' | 'csv') => {
      // node:http, not fetch: its web streams cost the reader more than the API spends writing
      const cpu0 = cpuSecondsOf(api.pid);
      const res = await new Promise<IncomingMessage>((resolve, reject) =>
        get(`${api.url}/api/audit/export?format=${format}&scope=cases`, { headers: { authorization: `Bearer ${token}` } }, resolve).on('error', reject),
      );
      if (res.statusCode !== 200) throw new Error(`export ${format}: ${res.statusCode}`);
      const counted = await countLines(res);
      return { ...counted, apiCpuS: cpuSecondsOf(api.pid) - cpu0 };
    };
    // Each side once cold-ish and once after the other (the table is read in the same order both times).
    const samples: number[] = [];
    const sampler = process.env.BENCH_RSS_TRACE ? setInterval(() => samples.push(Math.round(memoryOf(api.pid).rssMb)), 250) : null;
    const jsonlOurs = await timed(() => ours('jsonl'));
    if (sampler) console.error(`RSS during the JSONL export (MB, every 250 ms): ${samples.join(' ')}`);
    const jsonlRaw = await timed(() => rawCopy(url, RAW_JSONL));
    const csvRaw = await timed(() => rawCopy(url, RAW_CSV));
    const csvOurs = await timed(() => ours('csv'));
    if (sampler) clearInterval(sampler);
    const peakMb = memoryOf(api.pid).peakMb;
    const expect = (what: string, got: number, want: number) => {
      if (got !== want) throw new Error(`${what}: ${got} lines, expected ${want}`);
    };
    expect('export jsonl', jsonlOurs.value.lines, events);
    expect('COPY jsonl', jsonlRaw.value.lines, events);
    expect('export csv', csvOurs.value.lines, events + 1);
    expect('COPY csv', csvRaw.value.lines, events + 1);
    const row = (name: string, o: typeof jsonlOurs, r: typeof jsonlRaw, target: number): Row => {
      const cpu = `API CPU ${o.value.apiCpuS.toFixed(1)} s (${((o.value.apiCpuS * 100_000) / o.ms).toFixed(0)}% of one core)`;
      const oRate = events / (o.ms / 1000);
      const rRate = events / (r.ms / 1000);
      const share = oRate / rRate;
      return {
        name,
        ours: `${Math.round(oRate)} rows/s`,
        raw: `${Math.round(rRate)} rows/s`,
        ratio: rRate / oRate,
        note: `${(share * 100).toFixed(0)}% of COPY (target ≥ ${target}%: ${share * 100 >= target ? 'met' : 'NOT met'}); ${(o.ms / 1000).toFixed(1)} s vs ${(r.ms / 1000).toFixed(1)} s, ${(o.value.bytes / 2 ** 20).toFixed(0)} MB vs ${(r.value.bytes / 2 ** 20).toFixed(0)} MB; ${cpu}`,
      };
    };
    return {
      idleMb,
      peakMb,
      startPeakMb,
      rows: [
        row(`audit export JSONL, ${events.toLocaleString('en')} events`, jsonlOurs, jsonlRaw, 80),
        row(`audit export CSV, ${events.toLocaleString('en')} events`, csvOurs, csvRaw, 50),
      ],
    };
  } finally {
    await c.end();
    await api.stop();
  }
}
