/**
 * The benchmark data set at realistic size: `cases` cases, each with its terminal, one report, one SLA clock, its
 * stage records (freeze for all, police report for those past it) and `eventsPerCase` audit events, written with
 * a few big set-based statements per chunk of cases (generate_series; no row-by-row round trips).
 *
 * The audit chains are real: each event's hash is SHA-256 of the RFC 8785 canonical JSON of its hashed fields,
 * computed in SQL (the text is built in canonical key order; every value is ASCII with nothing to escape), each
 * `prev_hash` is the hash before it and every case's head (`last_event_seq`, `head_hash`, `head_at`) is its last
 * event, so `GET /api/audit/verify` and the offline verifier hold on it. A sample of chains is re-verified with
 * libs/domain's verifier after every generation (`checkSample`). The events are plausible, not a replay of what
 * the rules would write: the deep check (`deep=true`, events against rows) is not expected to hold on this data.
 *
 * The load runs with `session_replication_role = replica` (the loader's session only): the chain-head trigger
 * would re-check every chunk and rewrite every case row once more, and the foreign keys are correct by
 * construction. `npm run bench` calls `generateDataSet`; on its own:
 *   node -r ./tools/register.js tools/bench/generate.ts [--quick] [--cases N] [--events-per-case N] [--all-open] [--url postgres://… (migrated)]
 * writes into that database, or into a new test database whose URL it prints.
 */
import { Client } from 'pg';
import { Presets, SingleBar } from 'cli-progress';
import { verifyChain, type ChainEvent } from '@sentinel/domain';
import { toChainEvent, type EventRow } from '@sentinel/persistence';

export interface GenerateOptions {
  cases: number;
  eventsPerCase: number;
  /** cases per chunk (one transaction each); default 25,000 */
  chunk?: number;
  /** a cli-progress bar on stderr (default true) */
  progress?: boolean;
  /**
   * Every case open (default: one in five), each clock due an hour or more after the generation (one a second from
   * then on): the timer bench's backdrop of open clocks, none of them falling due while it measures.
   */
  allOpen?: boolean;
}

export interface DataSet {
  cases: number;
  events: number;
  ms: number;
  /** the analyst every generated event and report is by */
  actorId: string;
}

/** Action names of the generated events after `case.opened` (cycled). */
const ACTIONS = ['claim', 'request_freeze', 'notification.delivered', 'record_freeze_confirmation', 'add_note', 'evidence.added', 'sla.warning', 'record_police_report', 'stage.entered'];
const STAGES = ['freeze', 'police_report', 'merchant_contact', 'evidence', 'review'];
const ISO_MS = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/** Canonical JSON text of an event's hashed fields: keys in RFC 8785 order (action, actor{id, role}, at, caseId, data, prevHash, seq). */
const CANONICAL = (e: { action: string; actor: string; role: string; at: string; caseId: string; data: string; prev: string; seq: string }) =>
  `'{"action":"' || ${e.action} || '","actor":{"id":"' || ${e.actor} || '","role":"' || ${e.role} || '"},"at":"' || to_char(${e.at} AT TIME ZONE 'UTC', ${ISO_MS}) || '","caseId":"' || ${e.caseId} || '","data":' || ${e.data} || ',"prevHash":"' || ${e.prev} || '","seq":' || ${e.seq} || '}'`;
const SHA = (text: string) => `encode(sha256(convert_to(${text}, 'UTF8')), 'hex')`;

export async function generateDataSet(url: string, opts: GenerateOptions): Promise<DataSet> {
  const chunk = opts.chunk ?? 25_000;
  const E = opts.eventsPerCase;
  const c = new Client({ connectionString: url, application_name: 'bench:generate' });
  await c.connect();
  const t0 = Date.now();
  const bar = opts.progress === false ? null : new SingleBar({ format: 'generate [{bar}] {value}/{total} cases | {eta_formatted} left | {duration_formatted}', hideCursor: true }, Presets.shades_classic);
  try {
    await c.query(`SET session_replication_role = replica`);
    await c.query(`SET synchronous_commit = off`);
    await c.query(`SET work_mem = '256MB'`);
    const [{ id: actorId }] = (
      await c.query<{ id: string }>(
        `INSERT INTO users (email, name, role) VALUES ('generator@bench.local', 'Bench generator', 'analyst')
         ON CONFLICT ((lower(email))) DO UPDATE SET name = excluded.name RETURNING id`,
      )
    ).rows;
    const [policy] = (await c.query<{ target: string; calendar_id: string; warn_at_percent: number }>(`SELECT target, calendar_id, warn_at_percent FROM sla_policies WHERE stage = 'freeze'`)).rows;
    if (!policy) throw new Error('no SLA policy for freeze (migrations not run?)');
    const [{ start }] = (await c.query<{ start: number }>(`SELECT coalesce(max(substr(sn, 5)::int), 0) AS start FROM terminals WHERE sn LIKE 'BSN-%'`)).rows;
    await c.query(`SET maintenance_work_mem = '512MB'`);
    // case_events' indexes are built once after the load (a sort), not row by row (three times faster at 200k events).
    const rebuild = await dropEventIndexes(c);
    bar?.start(opts.cases, 0);
    for (let lo = start + 1; lo <= start + opts.cases; lo += chunk) {
      const hi = Math.min(start + opts.cases, lo + chunk - 1);
      await c.query('BEGIN');
      await writeChunk(c, lo, hi, E, actorId, policy, opts.allOpen === true);
      await c.query('COMMIT');
      bar?.increment(hi - lo + 1);
    }
    bar?.stop();
    for (const sql of rebuild) await c.query(sql);
    await c.query('ANALYZE');
    return { cases: opts.cases, events: opts.cases * E, ms: Date.now() - t0, actorId };
  } catch (e) {
    bar?.stop();
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await c.end();
  }
}

/** One chunk of cases [lo, hi]: ids and times first, the chains computed from them, then every table from those two. */
async function writeChunk(
  c: Client,
  lo: number,
  hi: number,
  E: number,
  actorId: string,
  policy: { target: string; calendar_id: string; warn_at_percent: number },
  allOpen: boolean,
): Promise<void> {
  // g: the case number. Cases open every 31 s back from now (1M cases ≈ one year); one in five is still open (all with allOpen).
  // An open case's clock is due within 5,000 minutes of now (allOpen: an hour from now, then one a second).
  const dueAt = allOpen ? `date_trunc('milliseconds', now()) + interval '1 hour' + interval '1 second' * g` : `date_trunc('milliseconds', now()) + interval '1 minute' * (g % 5000)`;
  await c.query(
    `CREATE TEMP TABLE gen_ids ON COMMIT DROP AS
     SELECT g, gen_random_uuid() AS case_id, gen_random_uuid() AS terminal_id, 'BSN-' || lpad(g::text, 8, '0') AS sn,
            date_trunc('milliseconds', now()) - (interval '31 seconds' * (2000000 - g)) - interval '6 hours' AS opened_at,
            ${allOpen ? 'true' : 'g % 5 = 0'} AS open, ${quote(STAGES)}::text[] AS stages
       FROM generate_series($1::int, $2::int) g`,
    [lo, hi],
  );
  const at = `(i.opened_at + interval '7 minutes' * (s - 1) + interval '1 millisecond' * (s * 13 % 997))`;
  const action = `CASE WHEN s = 1 THEN 'case.opened' ELSE (${quote(ACTIONS)}::text[])[1 + (s - 2) % ${ACTIONS.length}] END`;
  const data = `CASE WHEN s = 1 THEN '{"misuseType":"cloned_terminal","priority":"p' || (1 + i.g % 4) || '","sn":"' || i.sn || '"}'
                ELSE '{"n":' || s || ',"stage":"' || i.stages[1 + (s + i.g) % 5] || '"}' END`;
  const canon = (prev: string) => CANONICAL({ action, actor: `'${actorId}'`, role: `'analyst'`, at, caseId: 'i.case_id::text', data, prev, seq: 's::text' });
  await c.query(
    `CREATE TEMP TABLE gen_chain ON COMMIT DROP AS
     WITH RECURSIVE ch AS (
       SELECT i.case_id, 1 AS seq, x.at, x.action, x.data, repeat('0', 64) AS prev_hash, ${SHA(canon(`repeat('0', 64)`))} AS hash
         FROM gen_ids i CROSS JOIN LATERAL (SELECT 1 AS s) s0
         CROSS JOIN LATERAL (SELECT ${at} AS at, ${action} AS action, ${data} AS data) x
       UNION ALL
       SELECT ch.case_id, ch.seq + 1, x.at, x.action, x.data, ch.hash, ${SHA(canon('ch.hash'))}
         FROM ch JOIN gen_ids i ON i.case_id = ch.case_id CROSS JOIN LATERAL (SELECT ch.seq + 1 AS s) s0
         CROSS JOIN LATERAL (SELECT ${at} AS at, ${action} AS action, ${data} AS data) x
        WHERE ch.seq < $1)
     SELECT * FROM ch`,
    [E],
  );
  await c.query(`CREATE INDEX ON gen_chain (case_id) WHERE seq = ${E}`);
  await c.query(
    `INSERT INTO terminals (id, sn, model, tid, bank_code, merchant_id, merchant_name, created_at, updated_at)
     SELECT terminal_id, sn, 'PAX A920', 'T' || lpad((g % 100000000)::text, 8, '0'), 'B' || lpad((g % 40)::text, 3, '0'),
            'M' || lpad((g % 200000)::text, 9, '0'), 'Bench Merchant ' || (g % 200000), opened_at, opened_at
       FROM gen_ids`,
  );
  await c.query(
    `INSERT INTO cases (id, reference, terminal_id, sn, merchant_id, merchant_name, tid, bank_code, misuse_type, stage, status, outcome,
                        closed_from_stage, priority, priority_rank, amount_at_risk_minor, amount_at_risk_currency, assignee_id, due_at, sla_state,
                        sla_rank, version, last_event_seq, head_hash, head_at, closed_at, created_at, updated_at)
     SELECT i.case_id, 'SNC-' || (2025 + i.g / 1000000) || '-' || lpad((i.g % 1000000)::text, 6, '0'), i.terminal_id, i.sn,
            'M' || lpad((i.g % 200000)::text, 9, '0'), 'Bench Merchant ' || (i.g % 200000), 'T' || lpad((i.g % 100000000)::text, 8, '0'),
            'B' || lpad((i.g % 40)::text, 3, '0'), 'cloned_terminal',
            CASE WHEN i.open THEN i.stages[1 + (i.g / 5) % 5] ELSE 'review' END, CASE WHEN i.open THEN 'open' ELSE 'closed' END,
            CASE WHEN i.open THEN NULL ELSE 'confirmed_misuse' END, CASE WHEN i.open THEN NULL ELSE 'review' END,
            'p' || (1 + i.g % 4), 1 + i.g % 4, 10000 + i.g % 9000000, 'CNY',
            CASE WHEN i.open AND i.g % 3 = 0 THEN NULL ELSE $1::uuid END,
            CASE WHEN i.open THEN ${dueAt.replace(/\bg\b/g, 'i.g')} END,
            CASE WHEN i.open THEN 'on_track' END, 1, ${E}, h.seq, h.hash, h.at,
            CASE WHEN i.open THEN NULL ELSE h.at END, i.opened_at, h.at
       FROM gen_ids i JOIN gen_chain h ON h.case_id = i.case_id AND h.seq = ${E}`,
    [actorId],
  );
  await c.query(
    `INSERT INTO reports (case_id, sn, channel, misuse_type, bank_code, payload, received_at, created_at, submitted_by, submitted_by_role)
     SELECT case_id, sn, 'cardholder', 'cloned_terminal', 'B' || lpad((g % 40)::text, 3, '0'),
            jsonb_build_object('sn', sn, 'channel', 'cardholder', 'misuseType', 'cloned_terminal', 'merchantName', 'Bench Merchant ' || (g % 200000),
                               'amountAtRisk', jsonb_build_object('minor', 10000 + g % 9000000, 'currency', 'CNY')),
            opened_at, opened_at, $1, 'analyst'
       FROM gen_ids`,
    [actorId],
  );
  await c.query(
    `INSERT INTO sla_clocks (case_id, stage, entry_no, target, calendar_id, warn_at_percent, started_at, warn_at, due_at, met_at, state)
     SELECT case_id, 'freeze', 1, $1, $2, $3, opened_at,
            CASE WHEN open THEN ${dueAt} - interval '30 seconds' ELSE opened_at + interval '3 hours' END,
            CASE WHEN open THEN ${dueAt} ELSE opened_at + interval '4 hours' END,
            CASE WHEN open THEN NULL ELSE opened_at + interval '2 hours' END, CASE WHEN open THEN 'on_track' ELSE 'met' END
       FROM gen_ids`,
    [policy.target, policy.calendar_id, policy.warn_at_percent],
  );
  await c.query(
    `INSERT INTO case_freezes (case_id, bank_code, requested_at, bank_reference, confirmed_at, confirmed_via, last_answer, updated_at)
     SELECT case_id, 'B' || lpad((g % 40)::text, 3, '0'), opened_at + interval '7 minutes', 'FRZ-' || g, opened_at + interval '21 minutes', 'webhook', 'confirmed', opened_at + interval '21 minutes'
       FROM gen_ids`,
  );
  await c.query(
    `INSERT INTO police_reports (case_id, agency, report_number, filed_at, recorded_by, recorded_at)
     SELECT case_id, 'Bench PSB', 'PR-' || g, opened_at + interval '1 day', $1, opened_at + interval '1 day'
       FROM gen_ids WHERE NOT open OR stages[1 + (g / 5) % 5] <> 'freeze'`,
    [actorId],
  );
  // Appended in time order across the chunk's cases (as production interleaves them), not chain by chain.
  await c.query(
    `INSERT INTO case_events (case_id, seq, at, actor_id, actor_role, action, data, prev_hash, hash)
     SELECT case_id, seq, at, $1, 'analyst', action, data::jsonb, prev_hash, hash FROM gen_chain ORDER BY at`,
    [actorId],
  );
}

/** Drops case_events' constraints-backed and plain indexes; returns the statements that put them back as they were. */
async function dropEventIndexes(c: Client): Promise<string[]> {
  const cons = (await c.query<{ name: string; def: string }>(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'case_events'::regclass AND contype IN ('p', 'u')`,
  )).rows;
  const idx = (await c.query<{ name: string; def: string }>(
    `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
      WHERE i.tablename = 'case_events' AND i.schemaname = current_schema()
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname AND k.conrelid = 'case_events'::regclass)`,
  )).rows;
  for (const k of cons) await c.query(`ALTER TABLE case_events DROP CONSTRAINT "${k.name}"`);
  for (const i of idx) await c.query(`DROP INDEX "${i.name}"`);
  return [...cons.map((k) => `ALTER TABLE case_events ADD CONSTRAINT "${k.name}" ${k.def}`), ...idx.map((i) => i.def)];
}

const quote = (xs: string[]) => `ARRAY[${xs.map((x) => `'${x}'`).join(', ')}]`;

/** Re-verifies `n` random chains of the data set with libs/domain's verifier (hashes, links, heads); throws on any failure. */
export async function checkSample(url: string, n = 50): Promise<number> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const heads = (await c.query<{ id: string; last_event_seq: number; head_hash: string }>(`SELECT id, last_event_seq, head_hash FROM cases TABLESAMPLE SYSTEM (1) LIMIT $1`, [n])).rows;
    let checked = 0;
    for (const h of heads) {
      const events: ChainEvent[] = (await c.query<EventRow>(`SELECT * FROM case_events WHERE case_id = $1 ORDER BY seq`, [h.id])).rows.map(toChainEvent);
      const v = verifyChain(events, { lastSeq: h.last_event_seq, headHash: h.head_hash });
      if (!v.ok) throw new Error(`generated chain of case ${h.id} does not verify: ${JSON.stringify(v.failures)}`);
      checked += v.eventsChecked;
    }
    return checked;
  } finally {
    await c.end();
  }
}

if (require.main === module) {
  void (async () => {
    const arg = (name: string) => {
      const i = process.argv.indexOf(name);
      return i > 0 ? Number(process.argv[i + 1]) : undefined;
    };
    const quick = process.argv.includes('--quick');
    const urlArg = process.argv.indexOf('--url');
    let url = urlArg > 0 ? process.argv[urlArg + 1] : undefined;
    if (!url) {
      const { createTestDatabase } = await import('@sentinel/testing');
      const db = await createTestDatabase('benchdata', { poolSize: 1 });
      await db.dataSource.destroy();
      url = db.url;
    }
    const set = await generateDataSet(url, { cases: arg('--cases') ?? (quick ? 20_000 : 1_000_000), eventsPerCase: arg('--events-per-case') ?? 10, allOpen: process.argv.includes('--all-open') });
    const checked = await checkSample(url);
    console.log(`${set.cases} cases, ${set.events} events in ${(set.ms / 1000).toFixed(1)} s (${Math.round(set.events / (set.ms / 1000))} events/s); ${checked} sampled events re-verified`);
    console.log(urlArg > 0 ? `database: ${url}` : `database: ${url} (a test database: the next test run's stale clean-up drops it now that this process is gone; --url fills one of your own)`);
  })().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
