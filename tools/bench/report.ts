import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import type { Row } from './bench-util';

/** What the table cannot say: the targets of issue 14 that are not met or not measured, and why. */
export const BENCHMARK_NOTES = [
  '## Targets and what is not met',
  '',
  'Issue 14\'s targets (ratios in the same run). Status as of this run; where a reason was not measured it says so ("most likely"), and a',
  'fix not yet tried says "would".',
  '',
  'The table is `npm run bench` of 2026-12-06 at 3c7f803 (before the delivery and allowed-actions changes below;',
  'another engineer\'s tests ran beside its burst, import and notification rows), with its timer rows from',
  '`tools/bench/timers.bench.ts` run alone at c8a799a minutes later; figures measured since are in the paragraphs.',
  '',
  '- **Timers** — p99 ≤ 1 s with 1M open clocks, ≤ 2 s through a SIGKILL of one of two workers and a Redis flush:',
  '  **met** (table; `tools/bench/timers.bench.ts` run alone on 2026-12-06, load 0.9–1.3, repeated below). Its own data',
  '  set: 1,000,000 open cases with an open clock each (`generate.ts --all-open`: due an hour after the generation and',
  '  one a second from then on, so none falls due while it measures; 191 s to generate), then 60 fresh cases opened',
  '  through the API with a 3 s freeze target, three ways: BullMQ timers and one worker p99 134 ms (p50 20 ms; bare',
  '  BullMQ delayed jobs 102 ms); no Redis jobs at all, the database poll alone, 1,357 ms; two workers, one SIGKILLed',
  '  and the bench\'s own Redis restarted empty 0.3 s after the first due moment (every timer job lost), 1,315 ms',
  '  (p50 717 ms); every breach recorded exactly once in each. Repeated minutes later (load 1.1): 129 ms, 1,260 ms and 1,265 ms (179 s to generate).',
  '  Each worker polls due moments of SLA clocks, holds and regulatory clocks every `TIMER_POLL_MS` = 1 s in batches',
  '  (up to 100 per transaction, one per case, `FOR UPDATE OF c SKIP LOCKED`, a savepoint each, then 4 loops of small',
  '  batches side by side while a backlog lasts, 250 ms → 1 s backoff after a failed poll) through the partial indexes',
  '  `ix_clock_open_due` / `ix_clock_open_warn`, so the million open clocks cost an index range scan of the due ones;',
  '  a worker started while PostgreSQL is away waits for it instead of exiting. The poll\'s lateness is its interval',
  '  (p50 ~0.6 s, p99 ~1.3 s): a shorter `TIMER_POLL_MS` trades database work for lateness. Beyond the target, the',
  '  chaos test (`tools/faults`: a worker SIGKILLed every 8 s, Redis restarted empty at 16 s, PostgreSQL away 5 s at',
  '  24 s) records every breach exactly once; the breaches due while PostgreSQL is away are recorded 2.45 s after its',
  '  return at p99 (load 2.7; 17.5–27.9 s before the batches, at load 10–15), the others ≤ 0.7 s. What would most likely',
  '  bring the outage case under 2 s: a connection pooler (PgBouncer) in front of the shared server, which refuses',
  '  connections ("too many clients") right after its return while every process reconnects at once.',
  '- **Burst** — 100,000 reports through `POST /api/reports/batch` in ≤ 120 s (≥ 834/s): NOT met on this machine;',
  '  met once on a quiet machine of the earlier kind. 2026-12-06 (2 × AMD EPYC): 220.7 s in the table (453/s vs raw',
  '  24,010/s, load 6: another engineer\'s tests ran beside it) and 196.5 s alone minutes later (509/s vs raw 36,663/s,',
  '  ratio 72, load 0.6 at the start; p95 per 1,000-item request 9,642 ms; every freeze request queued; API peak 360 MB).',
  '  2026-12-03 (2 × Xeon, load 2.3, `BENCH_BURST=100000 npm run bench -- --quick` at 10189f1): 118.2 s, 846/s vs raw',
  '  52,378/s (ratio 62) — its raw baseline was 43% faster than today\'s, so most of the difference is most likely the',
  '  machine, not the code (the intake path is unchanged since but for one shared builder of the incoming report). A',
  '  chunk is planned in Node and applied with multi-row statements (docs/architecture.md "The one write path for a',
  '  case": `ReportsRepository.loadIntakeMany` reads the facts of a whole round in one statement, `CaseWriter.applyMany`',
  '  writes all its plans in one `runTogether` of multi-row INSERTs and one events append; the wake-ups go per queue',
  '  with `addBulk`, published while the next chunk runs); before that change the same bench ran 109–127/s vs raw',
  '  14,892–15,962/s (ratio 126–137, load 10–13), after it 369/s vs 14,859/s (ratio 40, load 10). What is left is most',
  '  likely PostgreSQL\'s own work per report (a case row and its ~17 indexes, the report, terminal upsert, freeze',
  '  record, clock, notification, two events, their foreign-key checks, the head trigger\'s second write of the case row)',
  '  on 2 shared cores, not round trips: a chunk with distinct SNs takes BEGIN, the lock statement, one facts read, two',
  '  write statements and COMMIT. What would most likely meet it here: the case INSERT carrying its chain head (one',
  '  write of the case row instead of two, see "Import"), fewer indexes on `cases` for the list\'s rarer sorts, and',
  '  PostgreSQL on cores of its own; not tried.',
  '- **Intake, case poll, list** at 1M cases (table, 2026-12-06, load 3–4 during these rows) — intake 61.4 reports/s vs',
  '  387.5/s raw at 8 clients (16%; target ≥ 40% at 1 and at 8 clients: NOT met); case poll 51.7 reads/s vs 1,806/s;',
  '  list p50 1.44× and p95 1.29× of the raw SQL (target ≤ 1.5×: met for the shape the bench measures, open cases of',
  '  two stages by due time, first page; the console\'s other shapes — freeze by priority, all newest first, closed page',
  '  2,000, SN prefix — are not rows of the bench yet). The list counts exactly only up to 10,000 matches and serves the',
  '  planner\'s estimate past that (docs/api.md); its raw baseline counts the same way (`LIMIT 10001`). The table\'s raw',
  '  intake was report + case + event; it is now the whole case-opening transaction the issue names (case, report,',
  '  clock, the `case.opened` event with its SHA-256 chain hash, outbox row) at 1 and at 8 clients',
  '  (tools/bench/intake.bench.ts). First figures, `npm run bench -- --quick` (20,000 cases, load 0.3–0.7): 1 client',
  '  69.1/s vs 400.2/s (17%; p95 16.9 ms vs 3.2 ms), 8 clients 90.8/s vs 640.5/s (14%). Where the time goes: with one',
  '  client on the 1M set the API process is 68% idle (CPU profile) — it waits for PostgreSQL, where the statement log',
  '  (`log_min_duration_statement`) shows the intake\'s facts statement planned afresh every time (3–5 ms at bind: an',
  '  unnamed statement of ~15 subqueries), the multi-row write (case row and its ~17 indexes, report, terminal, clock,',
  '  freeze, outbox) 3–11 ms, the events append with its chain trigger 1–4 ms and COMMIT waiting for its WAL flush;',
  '  the raw transaction\'s seven narrow INSERTs take 2.5 ms in all. The case poll is the other way round: the case',
  '  page\'s one statement runs in 1.1–1.7 ms (EXPLAIN ANALYZE: every record an index lookup, 55 buffers) plus 1.3 ms',
  '  planning, and the API (150–220 reads/s alone, 8 clients, load ~2) spends 29% of its time in `writev` (21% the pg',
  '  socket, 8% the HTTP response — one call per round trip, ~0.7 ms each: the write wakes PostgreSQL or the client on',
  '  the same 2 cores and the API thread waits in the call), 13% idle, 8% in `DomainError` constructors (the page\'s',
  '  allowed actions tried every action and captured a stack trace per refusal: now collected without one; alternating',
  '  runs before/after 152–221 vs 183–217 reads/s, within this machine\'s noise), the rest spread thin over Express,',
  '  Nest, pg parsing and the view\'s mapping. What would most likely help: named prepared statements for the fixed',
  '  texts of the intake and the case page (planned once per connection instead of every time; not tried: the',
  '  statements go through TypeORM\'s query runner, which sends them unnamed), caching a session for a second (half',
  '  the poll\'s round trips; a logout or revocation on another replica would then take up to that second, to be',
  '  weighed against ASVS V3.3), fewer indexes on `cases`, and PostgreSQL on cores of its own, as in production.',
  '- **claim-next at 1M cases** — target p95 < 20 ms with 8 analysts: NOT met end to end, met by the pick. Table',
  '  (2026-12-06, load 3–4): 37.8 claims/s, p95 325 ms, against 343 claims/s for the raw pick + claim + read in one',
  '  transaction in the API\'s exact order; no double claims (every claim is `FOR UPDATE SKIP LOCKED` on the case row',
  '  and the write path\'s claim rule; claim-next.int-spec.ts and the replica test prove it). The pick itself: EXPLAIN',
  '  (ANALYZE, BUFFERS) at 300,000 generated cases showed `ix_case_claimable` leading with `team_id` and lacking',
  '  `created_at`, so a claim of no team read all 16,000 claimable cases and sorted them (108 ms); migration',
  '  1766870000000 (libs/persistence claim-next.sql.ts) added `ix_case_claimable_any_team (sla_rank, priority_rank,',
  '  due_at, created_at, id)` and rebuilt `ix_case_claimable` as `(team_id, sla_rank, priority_rank, due_at,',
  '  created_at, id)`, both partial on the claimable cases, and a queue filter\'s conditions the claim already implies',
  '  are left out: each shape is now an index scan stopped by its LIMIT 1 (5–11 buffers, 0.10–0.27 ms;',
  '  claim-next.int-spec.ts checks each plan). Not fixed: a queue whose filter matches no claimable case still walks',
  '  the index to its end (27–95 ms at 300k). The row alone at 300k (8 claimers, 200 claims): before the indexes',
  '  19.2/s (p95 483 ms) vs raw 84.9/s; after 66–116/s (p95 93–174 ms) vs raw 1,153–1,207/s (load 1.9–3.5); one',
  '  claimer 48/s (p95 36 ms) vs raw 602/s. What is left is the API\'s claim: seven round trips (session, BEGIN, the',
  '  locked pick with its facts, the two statements of the write, the case page, COMMIT), each of which costs the API',
  '  thread ~0.7 ms of waiting in `writev` on this machine (see "Intake, case poll, list"), plus the case page\'s',
  '  mapping, with 8 claimers and PostgreSQL on 2 cores. What would most likely meet it: fewer round trips per claim',
  '  (the session cached for a second; the claimed case\'s page read in the pick\'s statement) and PostgreSQL on cores',
  '  of its own; not tried.',
  '- **Audit export** at 10,000,600 events — JSON Lines ≥ 80% of `COPY (SELECT row_to_json(…) ORDER BY case_id, seq)',
  '  TO STDOUT` and CSV ≥ 50% of `COPY … (FORMAT csv)`: **met** (table, 2026-12-06): JSONL 105,623 rows/s, 162% of its',
  '  baseline (94.7 s vs 153.8 s), CSV 76,322 rows/s, 58% (131.0 s vs 76.3 s). Before the export became a COPY (table',
  '  of 2026-12-03, same size): JSONL 77%, CSV 62% (52,767 and 52,414 rows/s). Now (apps/api/src/audit/',
  '  audit-export.service.ts, libs/persistence audit/export-copy.ts) both formats read one `COPY (SELECT <the JSON line>',
  '  … ORDER BY case_id, seq) TO STDOUT` per chain, all from one REPEATABLE READ READ ONLY snapshot on a connection of',
  '  its own (pg-copy-streams: the socket is read only as fast as the response drains; a client gone or a failed write',
  '  discards the connection, which ends the COPY — tested). JSONL passes COPY\'s bytes on unchanged (CSV format with',
  '  U+0001 / U+0002 as delimiter and quote, which PostgreSQL\'s JSON text never holds raw: the lines are byte-identical',
  '  to before); CSV turns each chunk\'s lines into records (`data` as canonical JSON, csv-from-json-lines.ts), which is',
  '  why it costs the API half a core. JSONL beats its baseline because PostgreSQL concatenates the line faster than',
  '  `row_to_json` builds it.',
  '- **Memory** — the API (built JavaScript, dist/api) idles at 157 MB. Peak (VmHWM) through both exports of 10M',
  '  events: **214 MB** (175 MB before them; target < 200 MB NOT met, by 7%); 348 MB before the export became a COPY.',
  '  At 1,000,000 events it was 192 MB, and sampled every 250 ms during a JSONL export the resident size was flat at',
  '  187–194 MB (a sawtooth of 163–323 MB before): nothing the export holds grows with its size. The rise at 10M is',
  '  not the CSV conversion: measured alone on the same 10M events (RSS sampled every 500 ms, load ~1), the CSV',
  '  export stays at 163–195 MB (p50 171) and the JSONL export at p50 157 MB with a peak of 214 MB — a transient in',
  '  the byte pass-through (most likely COPY chunks queued while the response drains; not measured further). With',
  '  `--max-semi-space-size=4` the CSV export\'s peak was 142 MB instead of 166 MB (10% slower). What would most likely',
  '  meet it: that flag on the API process, or a bound on the COPY chunks queued ahead of the response; not adopted. Heap growth',
  '  during the 100k-event download of apps/api/test/audit-export-100k.int-spec.ts: 5.3 MB. The burst\'s peak (its own',
  '  API process, 1,000-item batch requests, 4 in flight) is 363 MB: target NOT met there; most likely the parsed and',
  '  validated batches in flight, not measured.',
  '- **Notifications** — target ≥ 50% of BullMQ no-op jobs/s NOT met. After the merge, alone on 2026-12-06 (3,000',
  '  deliveries, concurrency 10, load 2.6–2.9): 299 and 341/s vs 4,374 and 5,192 no-op jobs/s (6.6–6.8%); the table\'s',
  '  111/s (4.4%) is main before these changes at load 6. While they were made: 183–291 deliveries/s',
  '  (seven runs of 1,500, concurrency 10, load 2.2–3.5) against 2,457–4,477 no-op jobs/s in the same runs (5–9%);',
  '  main in alternating runs minutes apart 109–191/s (4–6%, load 1.2–3.5); at `WORKER_CONCURRENCY` 40: 232/s vs',
  '  main 141/s. Where a delivery\'s time went (timestamps in a throwaway patch, 1,500 deliveries, load ~4): main',
  '  claim 8.7 ms, bank row 4.2 ms, signed POST 10.7 ms, record 35.1 ms (59 ms, 158/s); after: claim 5.7, bank 0.1,',
  '  POST 6.4, record 25.7 (with its ≤ 5 ms wait for a group; 38 ms, 243/s). Changed (apps/worker',
  '  `bank-notifications/`, docs/architecture.md "Flow of one report"): the claim commits with `synchronous_commit =',
  '  off` (at-least-once: a lost claim leaves the row pending, redelivered with the same `webhook-id`); the bank\'s',
  '  endpoint is read at most once a second per bank (`BankEndpointCache`; an edit or rotation applies within 1 s);',
  '  results finishing close together (≤ 20, ≤ 5 ms) are recorded in one transaction (`DeliveryRecorder` →',
  '  `CaseWriter.changeMany`: one locked read of their cases, one `applyMany`; a failed group or item is recorded on',
  '  its own). The first two alone were within noise (116 and 108/s vs main 111 and 122/s, load 5.3–5.7) and are kept',
  '  for the shorter claim and lookup above; the group commit is the gain (~1.6×; 3.7 results per group on average',
  '  at concurrency 10, 10.7 at 40). Tried and not kept: the claims of',
  '  deliveries starting ≤ 2 ms apart in one UPDATE (199–309/s vs 213–291/s without, alternating: no gain); 1 or 4',
  '  groups in flight instead of 2 (233 and 273/s vs 243/s: noise). What is left: the worker is at 50–70% of one core',
  '  and its CPU profile shows 17% in socket writes (pg 14%, ioredis 4%, undici 3%) and 25% idle — round trips per',
  '  delivery (BullMQ\'s own job commands, the claim, the POST, a share of the group) on 2 shared cores, where the',
  '  no-op baseline makes BullMQ\'s alone. What would most likely raise it: taking several jobs per round trip (a bulk',
  '  consumer instead of one `process` per job) so claims and results go together by construction; not tried.',
  '- **Data set** (tools/bench/generate.ts) — 1,000,000 cases with reports, clocks, stage records and 10,000,000 events',
  '  in 395 s on 2026-12-06 (485 s on 2026-12-03; limit 15 min: met), set-based SQL in chunks of 25,000 cases,',
  '  case_events\' indexes rebuilt after the load. The audit chains are real (SHA-256 of the canonical JSON, computed in',
  '  SQL; heads set) and a sample is re-verified with libs/domain in every run; the events are plausible, not what the',
  '  rules would write, so the deep verify (events against rows) is not expected to hold on this data set.',
  '- **Import** — `npm run import` ≥ 5,000 rows/s: NOT met. Table (2026-12-06, load 5–6: another engineer\'s tests ran',
  '  beside it): 2,583 rows/s against a raw COPY of the same rows into a bare table at 25,476/s (ratio 9.9); a re-run',
  '  skips all 20,000 rows at 10,308/s (nothing imported twice). Earlier runs: 633–1,817 rows/s at load 7–14. The import',
  '  is database-bound (the Node process was ~30% busy): 1,000 rows per transaction, two chunks in flight, multi-row',
  '  statements, commits without waiting for the WAL flush; the chain trigger finds each case\'s head in one grouped pass',
  '  (it was a quadratic nested loop, 0.6 s per 1,000 cases). Each row is a whole case opening — report, case row and',
  '  its ~17 indexes, terminal upsert, clock, freeze record, events with their hashes, the head trigger — where the raw',
  '  COPY writes one narrow row. Most of what is left is most likely writing each case row twice: its INSERT, then the',
  '  chain trigger\'s head UPDATE (not HOT: a fresh page is full, so every index of `cases` is written again). What would',
  '  most likely help: the case INSERT carrying its chain head with the trigger verifying it instead of updating the row,',
  '  or a lower `fillfactor` on `cases` (HOT head updates; fillfactor 60 gave 1,550–2,526 rows/s against 1,571–2,115 at',
  '  100 in three alternating runs of 5,000 rows — about 15% faster, within this machine\'s noise; not adopted).',
  '',
];

function pgVersion(): string {
  try {
    return execFileSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-Atc', 'SHOW server_version'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/** Writes docs/BENCHMARKS.md: the machine, the sizes, and every figure beside its raw baseline and ratio. */
export interface BenchRun {
  quick: boolean;
  sizes: Record<string, number>;
  /** how long generating the data set took */
  generateMs?: number;
}

/** Where a run's rows are kept (outside the repository), so the notes can be rewritten without measuring again. */
const LAST_RUN = join(tmpdir(), 'sentinel-bench-last-run.json');

export function saveLastRun(rows: Row[], run: BenchRun): void {
  writeFileSync(LAST_RUN, JSON.stringify({ rows, run, at: new Date().toISOString(), loadavg: loadavg() }));
}

export function writeBenchmarksMd(rows: Row[], run: BenchRun, at = new Date(), load = loadavg()): void {
  const cpu = cpus();
  const lines = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (`tools/bench/run.ts`); every figure is measured beside its raw baseline in the same run, on',
    'the same PostgreSQL and Redis. ratio = ours / raw for latencies (lower is better), raw / ours for throughput (how many',
    'times slower than raw SQL we are; 1.00 = as fast). Targets and what is not met: the section at the end.',
    '',
    `- run: ${at.toISOString()}${run.quick ? ' — **`--quick`** (CI smoke sizes; not the 1M-case figures)' : ''}`,
    `- sizes: ${Object.entries(run.sizes).map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ')}`,
    `- machine: ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Linux ${release()}, Node.js ${process.version}, PostgreSQL ${pgVersion()}`,
    ...(run.generateMs ? [`- data set (tools/bench/generate.ts): generated in ${(run.generateMs / 1000).toFixed(0)} s`] : []),
    `- load average at the end: ${load.map((x) => x.toFixed(2)).join(' / ')} (the machine is shared with other engineers' test runs: figures move with it)`,
    '',
    '| benchmark | ours | raw baseline | ratio | note |',
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.name} | ${r.ours} | ${r.raw} | ${r.ratio.toFixed(2)} | ${r.note.replace(/\|/g, '\\|')} |`),
    '',
    ...BENCHMARK_NOTES,
  ];
  writeFileSync(join(__dirname, '..', '..', 'docs', 'BENCHMARKS.md'), lines.join('\n'));
  console.log('wrote docs/BENCHMARKS.md');
}

/** `node -r ./tools/register.js tools/bench/report.ts`: rewrites docs/BENCHMARKS.md from the last run's rows (the notes as they are now). */
if (require.main === module) {
  const last = JSON.parse(readFileSync(process.argv[2] ?? LAST_RUN, 'utf8')) as { rows: Row[]; run: BenchRun; at: string; loadavg: number[] };
  writeBenchmarksMd(last.rows, last.run, new Date(last.at), last.loadavg);
}
