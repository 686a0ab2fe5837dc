import type { ImportRowError } from '@sentinel/contracts';
import { buildEvent, priorityRank, type ChainEvent, type ChangePlan, type FreezePatch, type IntakeResponse, type NewCase, type ReportRecord } from '@sentinel/domain';
import { int8, maybeOne, one, rows, type Db } from '../sql';
import type { ReportedTerminal } from './reports.repository';

/** The service user the CLI import files its reports under (migration 1766810000000; inactive, no password). */
export const IMPORT_USER_ID = '00000000-0000-4000-8000-00000000e001';

/** A terminal as an import chunk upserts it (master data filled, never overwritten), with its time zone. */
export interface ImportTerminal {
  id: string;
  sn: string;
  bankCode: string | null;
  merchantId: string | null;
  merchantName: string | null;
  tid: string | null;
  timeZone: string | null;
}

/** An import's progress as `GET /api/imports/:id` shows it. */
export interface ImportRow {
  id: string;
  status: 'running' | 'done' | 'failed';
  rows: number;
  done: number;
  skipped: number;
  failed: number;
  errors: ImportRowError[];
  fileSha256: string;
  createdBy: string;
  createdAt: Date;
  finishedAt: Date | null;
}

type ImportDbRow = Omit<ImportRow, 'fileSha256' | 'createdBy' | 'createdAt' | 'finishedAt'> & { file_sha256: string; created_by: string; created_at: Date; finished_at: Date | null };

type ReportWrite = ReportRecord & { caseId: string; response: IntakeResponse };

/**
 * Historical import (docs/api.md "Historical import"): a chunk of ~1,000 rows in a few multi-row statements —
 * what is already imported, the terminals, the acquiring banks and teams, reference numbers — and the chunk's
 * planned new cases applied together (`insertNewCases`). Rows that link to a case opened before the chunk go
 * through the case writer instead.
 */
export class ImportsRepository {
  /**
   * An import chunk's commit does not wait for its WAL flush (`synchronous_commit = off`, this transaction only): a
   * crash may lose the last chunks committed, never half of one, and running the file again imports exactly those.
   */
  async relaxCommit(db: Db): Promise<void> {
    await db.query(`SET LOCAL synchronous_commit = off`);
  }

  /** The external ids of `ids` already stored (their rows are skipped). */
  async knownExternalIds(db: Db, ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const found = await rows<{ external_id: string }>(db, `SELECT external_id FROM reports WHERE external_id = ANY($1::text[])`, [ids]);
    return new Set(found.map((r) => r.external_id));
  }

  /**
   * The chunk's terminals upserted in one statement (one entry per SN: a report fills blanks, never overwrites),
   * and which of their SNs have an open case (read after the caller took the SNs' intake locks).
   */
  async upsertTerminals(db: Db, terminals: ReportedTerminal[]): Promise<{ terminals: Map<string, ImportTerminal>; openCaseSns: Set<string> }> {
    if (!terminals.length) return { terminals: new Map(), openCaseSns: new Set() };
    const found = await rows<{
      id: string;
      sn: string;
      bank_code: string | null;
      tid: string | null;
      merchant_id: string | null;
      merchant_name: string | null;
      time_zone: string | null;
      has_open_case: boolean;
    }>(
      db,
      `WITH t AS (
         INSERT INTO terminals (sn, model, tid, bank_code, merchant_id, merchant_name)
         SELECT x.sn, x.model, x.tid, x.bank_code, x.merchant_id, x.merchant_name
           FROM jsonb_to_recordset($1::jsonb) AS x(sn text, model text, tid text, bank_code text, merchant_id text, merchant_name text)
         ON CONFLICT (sn) DO UPDATE SET
           model = coalesce(terminals.model, EXCLUDED.model), tid = coalesce(terminals.tid, EXCLUDED.tid),
           bank_code = coalesce(terminals.bank_code, EXCLUDED.bank_code), merchant_id = coalesce(terminals.merchant_id, EXCLUDED.merchant_id),
           merchant_name = coalesce(terminals.merchant_name, EXCLUDED.merchant_name), updated_at = now()
         RETURNING id, sn, bank_code, tid, merchant_id, merchant_name, time_zone)
       SELECT t.*, EXISTS (SELECT 1 FROM cases c WHERE c.sn = t.sn AND c.status = 'open') AS has_open_case FROM t`,
      [
        JSON.stringify(
          terminals.map((t) => ({ sn: t.sn, model: t.model, tid: t.tid, bank_code: t.bankCode, merchant_id: t.merchantId, merchant_name: t.merchantName })),
        ),
      ],
    );
    const out = new Map<string, ImportTerminal>();
    const open = new Set<string>();
    for (const r of found) {
      out.set(r.sn, { id: r.id, sn: r.sn, bankCode: r.bank_code, merchantId: r.merchant_id, merchantName: r.merchant_name, tid: r.tid, timeZone: r.time_zone });
      if (r.has_open_case) open.add(r.sn);
    }
    return { terminals: out, openCaseSns: open };
  }

  /**
   * For the chunk's acquiring bank codes: whether each bank is set up and active, and the team serving it (else the
   * default team, under key `''`); and `references` new values of `case_reference_seq`. One statement.
   */
  async chunkLookups(
    db: Db,
    bankCodes: string[],
    references: number,
  ): Promise<{ banks: Map<string, { code: string; active: boolean }>; teams: Map<string, string | null>; referenceSeqs: number[] }> {
    const r = await one<{ banks: Array<{ code: string; active: boolean }> | null; teams: Array<{ code: string; team_id: string | null }> | null; refs: string[] | null }>(
      db,
      `SELECT (SELECT json_agg(json_build_object('code', b.code, 'active', b.active)) FROM banks b WHERE b.code = ANY($1::text[])) AS banks,
              (SELECT json_agg(json_build_object('code', x.code, 'team_id',
                 (SELECT tm.id FROM teams tm WHERE (x.code <> '' AND x.code = ANY(tm.bank_codes)) OR tm.is_default
                   ORDER BY (x.code <> '' AND x.code = ANY(tm.bank_codes)) DESC, tm.created_at LIMIT 1)))
                 FROM unnest(array_append($1::text[], '')) AS x(code)) AS teams,
              (SELECT array_agg(nextval('case_reference_seq')::text) FROM generate_series(1, $2::int)) AS refs`,
      [bankCodes, references],
    );
    return {
      banks: new Map((r.banks ?? []).map((b) => [b.code, b])),
      teams: new Map((r.teams ?? []).map((t) => [t.code, t.team_id])),
      referenceSeqs: (r.refs ?? []).map((v) => int8(v)!),
    };
  }

  /**
   * Applies the chunk's `import_case` plans as they are, in two statements: every case row, freeze record and
   * report together, then every event of every case in one INSERT (the chain trigger checks each case's chain and
   * moves its head). Only what an import plan holds is accepted: a plan with clocks, notifications or alerts is a bug.
   */
  async insertNewCases(db: Db, plans: ChangePlan[], now: Date): Promise<ChainEvent[]> {
    if (!plans.length) return [];
    const cases: NewCase[] = [];
    const freezes: Array<{ case_id: string; bank_code: string | null }> = [];
    const reports: ReportWrite[] = [];
    const events: ChainEvent[] = [];
    for (const plan of plans) {
      if (plan.case?.op !== 'insert' || plan.clocks.length || plan.outbox.length || plan.alerts.length) {
        throw new Error('insertNewCases applies new-case plans without clocks, notifications or alerts');
      }
      const row = plan.case.row;
      cases.push(row);
      for (const rec of plan.records) {
        if (rec.record === 'report') reports.push(rec.report);
        else if (rec.record === 'freeze') freezes.push({ case_id: row.id, bank_code: freezeBank(rec.patch) });
        else throw new Error(`insertNewCases does not write ${rec.record} records`);
      }
    }
    // Sent first: the events are chained (hashed) while the database writes the rows.
    const written = db.query(
      `WITH c AS (
         INSERT INTO cases (id, reference, terminal_id, sn, merchant_id, merchant_name, tid, bank_code, team_id, misuse_type, stage, status, outcome,
                            closed_at, closed_from_stage, priority, priority_rank, amount_at_risk_minor, amount_at_risk_currency, due_at, sla_state,
                            sla_rank, created_at, updated_at)
         SELECT x.id, x.reference, x.terminal_id, x.sn, x.merchant_id, x.merchant_name, x.tid, x.bank_code, x.team_id, x.misuse_type, x.stage,
                x.status, x.outcome, x.closed_at, x.closed_from_stage, x.priority, x.priority_rank, x.minor, x.currency, x.due_at, x.sla_state,
                x.sla_rank, x.created_at, x.created_at
           FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, reference text, terminal_id uuid, sn text, merchant_id text, merchant_name text, tid text,
                bank_code text, team_id uuid, misuse_type text, stage text, status text, outcome text, closed_at timestamptz, closed_from_stage text,
                priority text, priority_rank smallint, minor bigint, currency text, due_at timestamptz, sla_state text, sla_rank smallint, created_at timestamptz)),
       f AS (
         INSERT INTO case_freezes (case_id, bank_code, updated_at)
         SELECT x.case_id, x.bank_code, $4 FROM jsonb_to_recordset($2::jsonb) AS x(case_id uuid, bank_code text))
       INSERT INTO reports (id, case_id, sn, channel, misuse_type, bank_code, payload, received_at, submitted_by, submitted_by_role, api_key_id,
                            response, external_id)
       SELECT x.id, x.case_id, x.sn, x.channel, x.misuse_type, x.bank_code, x.payload, x.received_at, x.submitted_by, x.submitted_by_role, x.api_key_id,
              x.response, x.external_id
         FROM jsonb_to_recordset($3::jsonb) AS x(id uuid, case_id uuid, sn text, channel text, misuse_type text, bank_code text, payload jsonb,
              received_at timestamptz, submitted_by uuid, submitted_by_role text, api_key_id uuid, response jsonb, external_id text)`,
      [
        JSON.stringify(
          cases.map((c) => ({
            id: c.id,
            reference: c.reference,
            terminal_id: c.terminalId,
            sn: c.sn,
            merchant_id: c.merchantId,
            merchant_name: c.merchantName,
            tid: c.tid,
            bank_code: c.bankCode,
            team_id: c.teamId,
            misuse_type: c.misuseType,
            stage: c.stage,
            status: c.closed ? 'closed' : 'open',
            outcome: c.closed?.outcome ?? null,
            closed_at: c.closed?.closedAt ?? null,
            closed_from_stage: c.closed?.closedFromStage ?? null,
            priority: c.priority,
            priority_rank: priorityRank(c.priority),
            minor: c.amountAtRisk?.minor ?? null,
            currency: c.amountAtRisk?.currency ?? null,
            due_at: c.sla.dueAt,
            sla_state: c.sla.state,
            sla_rank: c.sla.state === 'breached' ? 0 : 1,
            created_at: c.createdAt,
          })),
        ),
        JSON.stringify(freezes),
        JSON.stringify(
          reports.map((r) => ({
            id: r.id,
            case_id: r.caseId,
            sn: r.sn,
            channel: r.channel,
            misuse_type: r.misuseType,
            bank_code: r.bankCode,
            payload: r.payload,
            received_at: r.receivedAt,
            submitted_by: r.submittedBy.id,
            submitted_by_role: r.submittedBy.role,
            api_key_id: r.submittedBy.apiKeyId,
            response: r.response,
            external_id: r.externalId ?? null,
          })),
        ),
        now,
      ],
    );
    plans.forEach((plan, i) => {
      let prev: { seq: number; hash: string } | null = null;
      for (const d of plan.events) {
        const ev = buildEvent(prev, { caseId: cases[i].id, at: now, actor: d.actor, action: d.action, data: d.data });
        prev = { seq: ev.seq, hash: ev.hash };
        events.push(ev);
      }
    });
    await written;
    await db.query(
      `INSERT INTO case_events (case_id, seq, at, actor_id, actor_role, action, data, prev_hash, hash)
       SELECT e.case_id, e.seq, e.at, e.actor_id, e.actor_role, e.action, e.data, e.prev_hash, e.hash
         FROM jsonb_to_recordset($1::jsonb)
           AS e(case_id uuid, seq int, at timestamptz, actor_id text, actor_role text, action text, data jsonb, prev_hash text, hash text)
        ORDER BY e.case_id, e.seq`,
      [
        JSON.stringify(
          events.map((e) => ({
            case_id: e.caseId,
            seq: e.seq,
            at: e.at,
            actor_id: e.actor.id,
            actor_role: e.actor.role,
            action: e.action,
            data: e.data,
            prev_hash: e.prevHash,
            hash: e.hash,
          })),
        ),
      ],
    );
    return events;
  }

  /** An upload's bookkeeping row (`GET /api/imports/:id`). */
  async create(db: Db, input: { fileSha256: string; createdBy: string }): Promise<string> {
    const r = await one<{ id: string }>(db, `INSERT INTO imports (file_sha256, status, created_by) VALUES ($1, 'running', $2) RETURNING id`, [
      input.fileSha256,
      input.createdBy,
    ]);
    return r.id;
  }

  /** Progress so far (`errors` replaced by the full list so far); `finished` ends the import as done or failed. */
  async update(db: Db, id: string, p: { rows: number; done: number; skipped: number; failed: number; errors: ImportRow['errors']; finished?: 'done' | 'failed' }): Promise<void> {
    await db.query(
      `UPDATE imports SET rows = $2, done = $3, skipped = $4, failed = $5, errors = $6::jsonb,
              status = coalesce($7, status), finished_at = CASE WHEN $7::text IS NULL THEN NULL ELSE now() END
        WHERE id = $1`,
      [id, p.rows, p.done, p.skipped, p.failed, JSON.stringify(p.errors), p.finished ?? null],
    );
  }

  async get(db: Db, id: string): Promise<ImportRow | undefined> {
    const r = await maybeOne<ImportDbRow>(db, `SELECT id, status, rows, done, skipped, failed, errors, file_sha256, created_by, created_at, finished_at FROM imports WHERE id = $1`, [id]);
    return r
      ? { id: r.id, status: r.status, rows: r.rows, done: r.done, skipped: r.skipped, failed: r.failed, errors: r.errors, fileSha256: r.file_sha256, createdBy: r.created_by, createdAt: r.created_at, finishedAt: r.finished_at }
      : undefined;
  }
}

/** An import plan's freeze record names the bank and nothing else. */
function freezeBank(patch: FreezePatch): string | null {
  const keys = Object.keys(patch).filter((k) => k !== 'bankCode');
  if (keys.length) throw new Error(`insertNewCases writes a freeze record's bank only, not ${keys.join(', ')}`);
  return patch.bankCode ?? null;
}
