import type { ReportView } from '@sentinel/contracts';
import { acquiringBankCode, type ChangeContext, type IntakeResponse, type ReportRecord, type WatchlistMatch } from '@sentinel/domain';
import { int8, maybeOne, one, params, rows, type Db, type Statement } from '../sql';
import type { LoadedCase } from './cases.repository';
import { CASE_ROW, CASE_STATE_COLUMNS, POLICIES_COLUMN, policiesColumns, toCaseState, toContextFacts, type CaseStateRow, type LookupRow } from './case-state.sql';
import { toReportView, type ReportRow } from './case-view.sql';
import { watchlistMatchColumn } from './watchlist.repository';

/** Master data a report brings for its terminal (fills blanks only; edits go through PUT /api/terminals/:id). */
export interface ReportedTerminal {
  sn: string;
  model: string | null;
  tid: string | null;
  bankCode: string | null;
  merchantId: string | null;
  merchantName: string | null;
}

/** What an intake needs to decide, read in one statement once the locks are held. */
export interface IntakeFacts {
  /** the first response to this idempotency key, when it was used before (nothing else is read or written then) */
  prior: { requestHash: string; response: IntakeResponse } | null;
  terminal: { id: string; sn: string; bankCode: string | null; merchantId: string | null; merchantName: string | null; tid: string | null; timeZone: string | null } | null;
  /** the SN's open case, locked, as the write path loads it */
  openCase: LoadedCase | null;
  /** the acquiring bank (the terminal's from master data, else the report's) and whether it is set up and active */
  bank: { code: string; active: boolean } | null;
  /** the team serving that bank, else the default team */
  teamId: string | null;
  /** `case_reference_seq` for a new case (taken only when one will be opened) */
  referenceSeq: number | null;
  policies: ChangeContext['policies'];
  regulatoryPolicies: ChangeContext['regulatoryPolicies'];
  /** active watchlist entries of the SN or the MID (the report's, else the terminal's) */
  watchlist: WatchlistMatch[];
}

export interface ReportListQuery {
  caseId?: string;
  sn?: string;
  channels?: string[];
  receivedFrom?: Date;
  receivedTo?: Date;
  ids?: string[];
  /** need-to-know (CASE_VISIBILITY=team): only reports of this team's cases; `teamId: null` matches none */
  visibleTo?: { teamId: string | null };
  sort: { column: 'received_at' | 'created_at' | 'id'; order: 'ASC' | 'DESC' };
  limit: number;
  offset: number;
}

type IntakeRow = CaseStateRow &
  LookupRow & {
    x_prior: { request_hash: string; response: IntakeResponse } | null;
    x_watchlist: WatchlistMatch[] | null;
    x_terminal: { id: string; sn: string; bank_code: string | null; tid: string | null; merchant_id: string | null; merchant_name: string | null; time_zone: string | null } | null;
    x_bank_of_report: { code: string; active: boolean } | null;
    x_team_id: string | null;
    x_reference_seq: string | null;
  };

function toIntakeFacts(r: IntakeRow, reportBankCode: string | null, facts = toContextFacts(r, {})): IntakeFacts {
  const bankCode = acquiringBankCode(r.x_terminal?.bank_code ?? null, reportBankCode);
  return {
    prior: r.x_prior ? { requestHash: r.x_prior.request_hash, response: r.x_prior.response } : null,
    terminal: r.x_terminal
      ? {
          id: r.x_terminal.id,
          sn: r.x_terminal.sn,
          bankCode: r.x_terminal.bank_code,
          merchantId: r.x_terminal.merchant_id,
          merchantName: r.x_terminal.merchant_name,
          tid: r.x_terminal.tid,
          timeZone: r.x_terminal.time_zone,
        }
      : null,
    openCase: r.id ? { state: toCaseState(r), context: (now, newId) => ({ now, newId, ...facts }) } : null,
    bank: bankCode ? { code: bankCode, active: r.x_bank_of_report?.active ?? false } : null,
    teamId: r.x_team_id,
    referenceSeq: int8(r.x_reference_seq),
    policies: facts.policies,
    regulatoryPolicies: facts.regulatoryPolicies,
    watchlist: r.x_watchlist ?? [],
  };
}

/** Reports (docs/domain.md "Report"): immutable once stored, identified also by the sender's idempotency key. */
export class ReportsRepository {
  /**
   * Intakes take transaction-scoped advisory locks, in this order: the idempotency key (a same-key request waits,
   * then replays), then the SN (one open case per SN under concurrency; uq_case_open_sn is the last line).
   * Both in one round trip; the facts are read by the next statement, whose snapshot follows the locks.
   */
  async lockIntake(db: Db, sn: string, idempotency: { scope: string; key: string } | null): Promise<void> {
    if (idempotency) {
      await db.query(
        `SELECT pg_advisory_xact_lock(hashtext('sn:idempotency'), hashtext($1)), pg_advisory_xact_lock(hashtext('sn:intake'), hashtext($2))`,
        [`${idempotency.scope}|${idempotency.key}`, sn],
      );
    } else {
      await db.query(`SELECT pg_advisory_xact_lock(hashtext('sn:intake'), hashtext($1))`, [sn]);
    }
  }

  /**
   * The intake locks of many reports in one statement (a batch's chunk), taken in one global order (by lock
   * key) so two batches over the same SNs or keys never deadlock on each other.
   */
  async lockIntakeMany(db: Db, items: Array<{ sn: string; idempotency: { scope: string; key: string } | null }>): Promise<void> {
    if (!items.length) return;
    const spaces: string[] = [];
    const keys: string[] = [];
    for (const it of items) {
      if (it.idempotency) {
        spaces.push('sn:idempotency');
        keys.push(`${it.idempotency.scope}|${it.idempotency.key}`);
      }
      spaces.push('sn:intake');
      keys.push(it.sn);
    }
    await db.query(
      `SELECT count(pg_advisory_xact_lock(l.space, l.key))
         FROM (SELECT DISTINCT hashtext(s) AS space, hashtext(k) AS key FROM unnest($1::text[], $2::text[]) AS x(s, k) ORDER BY 1, 2) l`,
      [spaces, keys],
    );
  }

  /**
   * One statement: the idempotency key's earlier response if any — and otherwise the terminal's master data
   * (upserted: a report fills blanks, never overwrites), the SN's open case locked with its state, the acquiring
   * bank, its team, the SLA policies, and a reference number when a case will be opened.
   */
  async loadIntake(db: Db, input: { terminal: ReportedTerminal; reportBankCode: string | null; idempotency: { scope: string; key: string } | null }): Promise<IntakeFacts> {
    const q = params();
    const t = input.terminal;
    const prior = input.idempotency
      ? `SELECT request_hash, response FROM reports WHERE idempotency_scope = ${q.p(input.idempotency.scope)} AND idempotency_key = ${q.p(input.idempotency.key)}`
      : `SELECT NULL::text AS request_hash, NULL::jsonb AS response WHERE false`;
    const sn = q.p(t.sn);
    // The acquiring bank: the terminal's from master data when known, else the report's (acquiringBankCode).
    const bank = `coalesce((SELECT bank_code FROM t), ${q.p(input.reportBankCode)}::text)`;
    const text = `WITH prior AS (${prior}),
      t AS (
        INSERT INTO terminals (sn, model, tid, bank_code, merchant_id, merchant_name)
        SELECT ${sn}, ${q.p(t.model)}, ${q.p(t.tid)}, ${q.p(t.bankCode)}, ${q.p(t.merchantId)}, ${q.p(t.merchantName)} WHERE NOT EXISTS (SELECT 1 FROM prior)
        ON CONFLICT (sn) DO UPDATE SET
          model = coalesce(terminals.model, EXCLUDED.model), tid = coalesce(terminals.tid, EXCLUDED.tid),
          bank_code = coalesce(terminals.bank_code, EXCLUDED.bank_code), merchant_id = coalesce(terminals.merchant_id, EXCLUDED.merchant_id),
          merchant_name = coalesce(terminals.merchant_name, EXCLUDED.merchant_name), updated_at = now()
        RETURNING id, sn, bank_code, tid, merchant_id, merchant_name, time_zone
      ),
      c AS MATERIALIZED (SELECT ${CASE_ROW} FROM cases c WHERE sn = ${sn} AND status = 'open' AND NOT EXISTS (SELECT 1 FROM prior) FOR UPDATE)
      SELECT (SELECT row_to_json(prior) FROM prior) AS x_prior,
             (SELECT row_to_json(t) FROM t) AS x_terminal,
             (SELECT json_build_object('code', b.code, 'active', b.active) FROM banks b WHERE b.code = ${bank}) AS x_bank_of_report,
             (SELECT tm.id FROM teams tm WHERE (${bank} IS NOT NULL AND ${bank} = ANY(tm.bank_codes)) OR tm.is_default
               ORDER BY (${bank} IS NOT NULL AND ${bank} = ANY(tm.bank_codes)) DESC, tm.created_at LIMIT 1) AS x_team_id,
             CASE WHEN c.id IS NULL AND NOT EXISTS (SELECT 1 FROM prior) THEN nextval('case_reference_seq') END AS x_reference_seq,
             ${POLICIES_COLUMN},
             ${watchlistMatchColumn(sn, `coalesce(${q.p(t.merchantId)}::text, (SELECT merchant_id FROM t))`)},
             ${CASE_STATE_COLUMNS}
        FROM (SELECT 1) one LEFT JOIN c ON true LEFT JOIN case_freezes f ON f.case_id = c.id`;
    let r = await one<IntakeRow>(db, text, q.values);
    if (r.id && r.row_xmin !== r.snapshot_xmin) {
      // The open case was locked by another transaction when the statement began: read its facts again (the
      // terminal upsert is idempotent, and no reference number is taken while a case is open).
      r = await one<IntakeRow>(db, text, q.values);
    }
    return toIntakeFacts(r, input.reportBankCode);
  }

  /**
   * `loadIntake` for many reports in one statement (a batch's round: distinct SNs and distinct keys, their locks
   * held): per report, in input order, exactly the facts `loadIntake` would read for it alone — its key's earlier
   * response, else its terminal upserted, its SN's open case locked, bank, team, policies, watchlist and a
   * reference number (taken in input order) when a case will be opened.
   */
  async loadIntakeMany(db: Db, inputs: Array<{ terminal: ReportedTerminal; reportBankCode: string | null; idempotency: { scope: string; key: string } | null }>): Promise<IntakeFacts[]> {
    if (!inputs.length) return [];
    const sns = new Set(inputs.map((x) => x.terminal.sn));
    if (sns.size !== inputs.length) throw new Error('loadIntakeMany: one report per SN');
    const items = JSON.stringify(
      inputs.map((x, ord) => ({
        ord,
        sn: x.terminal.sn,
        model: x.terminal.model,
        tid: x.terminal.tid,
        bank_code: x.terminal.bankCode,
        merchant_id: x.terminal.merchantId,
        merchant_name: x.terminal.merchantName,
        report_bank_code: x.reportBankCode,
        scope: x.idempotency?.scope ?? null,
        key: x.idempotency?.key ?? null,
      })),
    );
    const fresh = `NOT EXISTS (SELECT 1 FROM prior p WHERE p.ord = i.ord)`;
    const text = `WITH i AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(ord int, sn text, model text, tid text, bank_code text, merchant_id text,
                                                                   merchant_name text, report_bank_code text, scope text, key text)),
      prior AS (SELECT i.ord, r.request_hash, r.response FROM i JOIN reports r ON r.idempotency_scope = i.scope AND r.idempotency_key = i.key),
      t AS (
        INSERT INTO terminals (sn, model, tid, bank_code, merchant_id, merchant_name)
        SELECT i.sn, i.model, i.tid, i.bank_code, i.merchant_id, i.merchant_name FROM i WHERE ${fresh} ORDER BY i.sn
        ON CONFLICT (sn) DO UPDATE SET
          model = coalesce(terminals.model, EXCLUDED.model), tid = coalesce(terminals.tid, EXCLUDED.tid),
          bank_code = coalesce(terminals.bank_code, EXCLUDED.bank_code), merchant_id = coalesce(terminals.merchant_id, EXCLUDED.merchant_id),
          merchant_name = coalesce(terminals.merchant_name, EXCLUDED.merchant_name), updated_at = now()
        RETURNING id, sn, bank_code, tid, merchant_id, merchant_name, time_zone
      ),
      c AS MATERIALIZED (SELECT ${CASE_ROW} FROM cases c WHERE c.sn IN (SELECT i.sn FROM i WHERE ${fresh}) AND c.status = 'open' ORDER BY c.id FOR UPDATE),
      refs AS (SELECT s.ord, nextval('case_reference_seq') AS seq
                 FROM (SELECT i.ord FROM i WHERE ${fresh} AND NOT EXISTS (SELECT 1 FROM c WHERE c.sn = i.sn) ORDER BY i.ord) s)
      SELECT i.ord AS x_ord,
             (SELECT row_to_json(p) FROM (SELECT prior.request_hash, prior.response FROM prior WHERE prior.ord = i.ord) p) AS x_prior,
             (SELECT row_to_json(t) FROM t WHERE t.sn = i.sn) AS x_terminal,
             (SELECT json_build_object('code', b.code, 'active', b.active) FROM banks b WHERE b.code = bk.code) AS x_bank_of_report,
             (SELECT tm.id FROM teams tm WHERE (bk.code IS NOT NULL AND bk.code = ANY(tm.bank_codes)) OR tm.is_default
               ORDER BY (bk.code IS NOT NULL AND bk.code = ANY(tm.bank_codes)) DESC, tm.created_at LIMIT 1) AS x_team_id,
             (SELECT refs.seq FROM refs WHERE refs.ord = i.ord) AS x_reference_seq,
             ${policiesColumns('i.ord = 0')},
             ${watchlistMatchColumn('i.sn', `coalesce(i.merchant_id, (SELECT t.merchant_id FROM t WHERE t.sn = i.sn))`)},
             ${CASE_STATE_COLUMNS}
        FROM i CROSS JOIN LATERAL (SELECT coalesce((SELECT t.bank_code FROM t WHERE t.sn = i.sn), i.report_bank_code) AS code) bk
        LEFT JOIN c ON c.sn = i.sn LEFT JOIN case_freezes f ON f.case_id = c.id
       ORDER BY i.ord`;
    let list = await rows<IntakeRow & { x_ord: number }>(db, text, [items]);
    if (list.some((r) => r.id && r.row_xmin !== r.snapshot_xmin)) {
      // An open case was locked by another transaction when the statement began: read the facts again (as loadIntake).
      list = await rows<IntakeRow & { x_ord: number }>(db, text, [items]);
    }
    if (list.length !== inputs.length) throw new Error(`loadIntakeMany: ${list.length} rows for ${inputs.length} reports`);
    // The policies are the same for every report: read (and converted) once, from the first row.
    const shared = toContextFacts(list[0], {});
    return list.map((r) => toIntakeFacts(r, inputs[r.x_ord].reportBankCode, shared));
  }

  insertStatement(r: ReportRecord & { caseId: string; response: IntakeResponse }): Statement {
    return {
      text: `INSERT INTO reports (id, case_id, sn, channel, misuse_type, bank_code, payload, received_at, submitted_by, submitted_by_role, api_key_id,
                                  idempotency_scope, idempotency_key, request_hash, response, external_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
      values: [
        r.id,
        r.caseId,
        r.sn,
        r.channel,
        r.misuseType,
        r.bankCode,
        JSON.stringify(r.payload),
        r.receivedAt,
        r.submittedBy.id,
        r.submittedBy.role,
        r.submittedBy.apiKeyId,
        r.idempotency?.scope ?? null,
        r.idempotency?.key ?? null,
        r.idempotency?.requestHash ?? null,
        JSON.stringify(r.response),
        r.externalId ?? null,
      ],
    };
  }

  async list(db: Db, q: ReportListQuery): Promise<{ rows: ReportView[]; total: number }> {
    const w = params();
    const where: string[] = [];
    if (q.caseId !== undefined) where.push(`r.case_id = ${w.p(q.caseId)}`);
    if (q.sn !== undefined) where.push(`r.sn = ${w.p(q.sn)}`);
    if (q.channels) where.push(`r.channel = ANY(${w.p(q.channels)}::text[])`);
    if (q.receivedFrom) where.push(`r.received_at >= ${w.p(q.receivedFrom)}`);
    if (q.receivedTo) where.push(`r.received_at < ${w.p(q.receivedTo)}`);
    if (q.ids) where.push(`r.id = ANY(${w.p(q.ids)}::uuid[])`);
    if (q.visibleTo) {
      where.push(q.visibleTo.teamId ? `EXISTS (SELECT 1 FROM cases sc WHERE sc.id = r.case_id AND sc.team_id = ${w.p(q.visibleTo.teamId)})` : 'FALSE');
    }
    const cond = where.length ? where.join(' AND ') : 'TRUE';
    const countValues = [...w.values];
    const dir = q.sort.order === 'ASC' ? 'ASC' : 'DESC';
    const [list, [{ total }]] = await Promise.all([
      rows<ReportRow & { reference: string }>(
        db,
        `SELECT r.*, c.reference FROM reports r JOIN cases c ON c.id = r.case_id WHERE ${cond}
          ORDER BY r.${q.sort.column} ${dir}, r.id ${dir} LIMIT ${w.p(q.limit)} OFFSET ${w.p(q.offset)}`,
        w.values,
      ),
      rows<{ total: number }>(db, `SELECT count(*)::int AS total FROM reports r WHERE ${cond}`, countValues),
    ]);
    return { rows: list.map((r) => toReportView(r, r.reference)), total };
  }

  async get(db: Db, id: string): Promise<(ReportView & { caseTeamId: string | null }) | undefined> {
    const r = await maybeOne<ReportRow & { reference: string; case_team_id: string | null }>(
      db,
      `SELECT r.*, c.reference, c.team_id AS case_team_id FROM reports r JOIN cases c ON c.id = r.case_id WHERE r.id = $1`,
      [id],
    );
    return r ? { ...toReportView(r, r.reference), caseTeamId: r.case_team_id } : undefined;
  }
}
