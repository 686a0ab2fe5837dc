import type { CaseListRow, CaseView } from '@sentinel/contracts';
import { priorityRank, type ActorCtx, type CaseLookups, type CasePatch, type CaseState, type ChangeContext, type NewCase } from '@sentinel/domain';
import { maybeOne, params, rows, type Db, type Statement } from '../sql';
import { caseFilterSql, CASE_SORT_COLUMNS, type CaseFilter, type CaseSortField } from './case-filter.sql';
import { claimNextSql } from './claim-next.sql';
import { CASE_ROW, CASE_STATE_COLUMNS, lookupColumns, toCaseState, toContextFacts, type CaseStateRow, type LookupRow } from './case-state.sql';
import { CASE_ROW_SELECT, CASE_VIEW_COLUMNS, toCaseRow, toCaseView, type CaseListDbRow, type CaseViewRow } from './case-view.sql';

/** Which case(s) a command is about. */
export type CaseSelector =
  | { id: string }
  /** the case of a clock (a timer woke the worker up) */
  | { clockId: string }
  /** the case of a notification (a bank callback, a delivery result, a retry) */
  | { notificationId: string }
  /**
   * the cases of several notifications, at most one of them per case (delivery results recorded together), in id
   * order; each case's notification of the batch is its `notification` lookup
   */
  | { notificationIds: string[] }
  /** the case of a hold (its alarm or expiry timer woke the worker up) */
  | { holdId: string }
  /** the case of a regulatory clock */
  | { regulatoryClockId: string }
  | { evidenceId: string }
  /** the open case of an SN (at most one: uq_case_open_sn) */
  | { openCaseOfSn: string }
  /** every open case of an assignee, in id order (deactivation) */
  | { openCasesOfAssignee: string }
  /** claim-next: the most urgent unassigned open case out of review in scope, skipping cases locked by others */
  | { claimNext: { teamId: string | null; filter: CaseFilter | null } };

/** A loaded case: its state, and the facts its change needs (`context(now, newId)` completes the ChangeContext). */
export interface LoadedCase {
  state: CaseState;
  context(now: Date, newId: () => string): ChangeContext;
}

export interface LoadOptions {
  /** lock the case row(s) FOR UPDATE: the one lock of the write path */
  lock: boolean;
  lookups?: CaseLookups;
}

function selectorSql(sel: CaseSelector, lock: boolean, p: (v: unknown) => string): string {
  const forUpdate = lock ? ' FOR UPDATE' : '';
  if ('id' in sel) return `SELECT ${CASE_ROW} FROM cases c WHERE id = ${p(sel.id)}${forUpdate}`;
  if ('clockId' in sel) return `SELECT ${CASE_ROW} FROM cases c WHERE id = (SELECT case_id FROM sla_clocks WHERE id = ${p(sel.clockId)})${forUpdate}`;
  if ('regulatoryClockId' in sel) return `SELECT ${CASE_ROW} FROM cases c WHERE id = (SELECT case_id FROM regulatory_clocks WHERE id = ${p(sel.regulatoryClockId)})${forUpdate}`;
  if ('holdId' in sel) return `SELECT ${CASE_ROW} FROM cases c WHERE id = (SELECT case_id FROM holds WHERE id = ${p(sel.holdId)})${forUpdate}`;
  if ('notificationId' in sel) return `SELECT ${CASE_ROW} FROM cases c WHERE id = (SELECT case_id FROM notifications WHERE id = ${p(sel.notificationId)})${forUpdate}`;
  if ('notificationIds' in sel) {
    return `SELECT ${CASE_ROW} FROM cases c WHERE id IN (SELECT case_id FROM notifications WHERE id = ANY(${p(sel.notificationIds)}::uuid[])) ORDER BY id${forUpdate}`;
  }
  if ('evidenceId' in sel) return `SELECT ${CASE_ROW} FROM cases c WHERE id = (SELECT case_id FROM evidence WHERE id = ${p(sel.evidenceId)})${forUpdate}`;
  if ('openCaseOfSn' in sel) return `SELECT ${CASE_ROW} FROM cases c WHERE sn = ${p(sel.openCaseOfSn)} AND status = 'open'${forUpdate}`;
  if ('openCasesOfAssignee' in sel) return `SELECT ${CASE_ROW} FROM cases c WHERE assignee_id = ${p(sel.openCasesOfAssignee)} AND status = 'open' ORDER BY id${forUpdate}`;
  return claimNextSql(sel.claimNext, lock, p);
}

/** The notifications of a batch selector, each case's `notification` lookup. */
function batchOf(sel: CaseSelector): { notificationIds?: string[] } {
  return 'notificationIds' in sel ? { notificationIds: sel.notificationIds } : {};
}

/** CasePatch key → cases column(s); the writer never names a column a plan did not set. */
function patchColumns(patch: CasePatch, p: (v: unknown) => string): string[] {
  const sets: string[] = [];
  const set = (col: string, v: unknown) => sets.push(`${col} = ${p(v)}`);
  if (patch.stage !== undefined) set('stage', patch.stage);
  if (patch.status !== undefined) set('status', patch.status);
  if (patch.outcome !== undefined) set('outcome', patch.outcome);
  if (patch.closedFromStage !== undefined) set('closed_from_stage', patch.closedFromStage);
  if (patch.closedAt !== undefined) set('closed_at', patch.closedAt);
  if (patch.duplicateOfCaseId !== undefined) set('duplicate_of_case_id', patch.duplicateOfCaseId);
  if (patch.assigneeId !== undefined) set('assignee_id', patch.assigneeId);
  if (patch.priority !== undefined) {
    set('priority', patch.priority);
    set('priority_rank', priorityRank(patch.priority));
  }
  if (patch.priorityOverridden !== undefined) set('priority_overridden', patch.priorityOverridden);
  if (patch.waivedStages !== undefined) set('waived_stages', patch.waivedStages);
  if (patch.bankCode !== undefined) set('bank_code', patch.bankCode);
  if (patch.lastReturn !== undefined) {
    set('last_return_reason', patch.lastReturn?.reason ?? null);
    set('last_return_by', patch.lastReturn?.by ?? null);
    set('last_return_at', patch.lastReturn?.at ?? null);
  }
  if (patch.sla !== undefined) {
    set('due_at', patch.sla.dueAt);
    set('sla_state', patch.sla.state);
    set('sla_rank', patch.sla.state === 'breached' ? 0 : 1);
  }
  return sets;
}

/**
 * Cases (docs/domain.md "Case"): the write path's one locked read (`loadState(s)`), the case row's writes for the
 * case writer, the case page (`loadView`, one statement) and the list.
 */
/** Past this many matching cases the list's total is the planner's estimate (`CASE_LIST_EXACT_TOTAL_UP_TO`). */
export const DEFAULT_EXACT_TOTAL_UP_TO = 10_000;

export class CasesRepository {
  /**
   * Loads the case(s) of `sel` with everything the rules look at, in one statement that takes the row lock when
   * asked (the only lock of a change; lookups are read in the same statement, lock-ordered after it). When the
   * lock had to wait for another transaction, the statement's snapshot predates that transaction's writes, so the
   * facts are read once more (the lock is held by then): a change is never planned on stale facts.
   */
  async loadStates(db: Db, sel: CaseSelector, opts: LoadOptions): Promise<LoadedCase[]> {
    const lookups = opts.lookups ?? {};
    const read = async () => {
      const q = params();
      const text = `WITH c AS MATERIALIZED (${selectorSql(sel, opts.lock, q.p)})
        SELECT ${CASE_STATE_COLUMNS}, ${lookupColumns(lookups, q.p, batchOf(sel)).join(', ')}
          FROM c LEFT JOIN case_freezes f ON f.case_id = c.id
         ORDER BY c.id`;
      return rows<CaseStateRow & LookupRow>(db, text, q.values);
    };
    let found = await read();
    if (opts.lock && found.some((r) => r.row_xmin !== r.snapshot_xmin)) {
      // Locked rows keep their lock; a claim-next pick is re-read by id (it is ours now).
      found = 'claimNext' in sel && found.length ? await this.reread(db, found[0].id, lookups) : await read();
    }
    return found.map((r) => ({
      state: toCaseState(r),
      context: (now, newId) => ({ now, newId, ...toContextFacts(r, lookups) }),
    }));
  }

  private async reread(db: Db, id: string, lookups: CaseLookups): Promise<Array<CaseStateRow & LookupRow>> {
    const q = params();
    return rows<CaseStateRow & LookupRow>(
      db,
      `WITH c AS MATERIALIZED (SELECT ${CASE_ROW} FROM cases c WHERE id = ${q.p(id)} FOR UPDATE)
        SELECT ${CASE_STATE_COLUMNS}, ${lookupColumns(lookups, q.p).join(', ')} FROM c LEFT JOIN case_freezes f ON f.case_id = c.id`,
      q.values,
    );
  }

  /** The one case of `sel`, or undefined. */
  async loadState(db: Db, sel: CaseSelector, opts: LoadOptions): Promise<LoadedCase | undefined> {
    return (await this.loadStates(db, sel, opts))[0];
  }

  /** A new case row (its freeze record is a record write of the same plan). */
  insertStatement(row: NewCase): Statement {
    return {
      text: `INSERT INTO cases (id, reference, terminal_id, sn, merchant_id, merchant_name, tid, bank_code, team_id, misuse_type, stage, status,
                                priority, priority_rank, amount_at_risk_minor, amount_at_risk_currency, due_at, sla_state, sla_rank, created_at, updated_at,
                                outcome, closed_at, closed_from_stage)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $20, $12, $13, $14, $15, $16, $17, $18, $19, $19, $21, $22, $23)`,
      values: [
        row.id,
        row.reference,
        row.terminalId,
        row.sn,
        row.merchantId,
        row.merchantName,
        row.tid,
        row.bankCode,
        row.teamId,
        row.misuseType,
        row.stage,
        row.priority,
        priorityRank(row.priority),
        row.amountAtRisk?.minor ?? null,
        row.amountAtRisk?.currency ?? null,
        row.sla.dueAt,
        row.sla.state,
        row.sla.state === 'breached' ? 0 : 1,
        row.createdAt,
        row.closed ? 'closed' : 'open',
        row.closed?.outcome ?? null,
        row.closed?.closedAt ?? null,
        row.closed?.closedFromStage ?? null,
      ],
    };
  }

  /** The patched columns; the version (and `updated_at`) move when the plan says so. Null when nothing changes. */
  updateStatement(caseId: string, patch: CasePatch, bumpVersion: boolean, now: Date): Statement | null {
    const q = params();
    const id = q.p(caseId);
    const sets = patchColumns(patch, q.p);
    if (bumpVersion) sets.push('version = version + 1', `updated_at = ${q.p(now)}`);
    if (!sets.length) return null;
    return { text: `UPDATE cases SET ${sets.join(', ')} WHERE id = ${id}`, values: q.values };
  }

  /** The case page in one statement (inside a write transaction it shows the writes). Undefined: no such case. */
  async loadView(db: Db, id: string, actor: ActorCtx): Promise<CaseView | undefined> {
    const v = await maybeOne<CaseViewRow>(
      db,
      `WITH c AS MATERIALIZED (SELECT ${CASE_ROW} FROM cases c WHERE id = $1)
        SELECT ${CASE_STATE_COLUMNS}, ${CASE_VIEW_COLUMNS} FROM c LEFT JOIN case_freezes f ON f.case_id = c.id`,
      [id],
    );
    return v ? toCaseView(v, toCaseState(v), actor) : undefined;
  }

  async exists(db: Db, id: string): Promise<boolean> {
    return !!(await maybeOne<{ one: number }>(db, `SELECT 1 AS one FROM cases WHERE id = $1`, [id]));
  }

  /** The team of a case (need-to-know checks), or undefined when there is no such case. */
  async teamOf(db: Db, id: string): Promise<{ teamId: string | null } | undefined> {
    const r = await maybeOne<{ team_id: string | null }>(db, `SELECT team_id FROM cases WHERE id = $1`, [id]);
    return r ? { teamId: r.team_id } : undefined;
  }

  /**
   * GET /api/cases: one page (or the given ids, unpaged) and the total. The total is exact up to `exactTotalUpTo`
   * (a count capped there, so it costs at most that many index entries); past it, the planner's estimate of the
   * filter's rows (`EXPLAIN`), never below what is known to exist, with `estimated: true` — on a million cases the
   * exact `count(*)` was most of the list's cost.
   */
  async list(
    db: Db,
    filter: CaseFilter,
    q: { ids?: string[]; sort: { field: CaseSortField; order: 'ASC' | 'DESC' }; limit: number; offset: number; exactTotalUpTo?: number },
  ): Promise<{ rows: CaseListRow[]; total: number; estimated: boolean }> {
    const w = params();
    const where = caseFilterSql(filter, w.p);
    if (q.ids) {
      const found = await rows<CaseListDbRow>(
        db,
        `SELECT ${CASE_ROW_SELECT} FROM cases c LEFT JOIN users u ON u.id = c.assignee_id WHERE c.id = ANY(${w.p(q.ids)}::uuid[]) AND ${where}`,
        w.values,
      );
      return { rows: found.map(toCaseRow), total: found.length, estimated: false };
    }
    const col = CASE_SORT_COLUMNS[q.sort.field];
    const dir = q.sort.order === 'ASC' ? 'ASC' : 'DESC';
    const nulls = col === 'c.due_at' ? (dir === 'ASC' ? ' NULLS LAST' : ' NULLS FIRST') : '';
    const countValues = [...w.values];
    const page = `LIMIT ${w.p(q.limit)} OFFSET ${w.p(q.offset)}`;
    const cap = q.exactTotalUpTo ?? DEFAULT_EXACT_TOTAL_UP_TO;
    const [list, [{ total }]] = await Promise.all([
      rows<CaseListDbRow>(
        db,
        `SELECT ${CASE_ROW_SELECT} FROM cases c LEFT JOIN users u ON u.id = c.assignee_id WHERE ${where} ORDER BY ${col} ${dir}${nulls}, c.id ${dir} ${page}`,
        w.values,
      ),
      rows<{ total: number }>(db, `SELECT count(*)::int AS total FROM (SELECT 1 FROM cases c WHERE ${where} LIMIT ${Math.floor(cap) + 1}) x`, countValues),
    ]);
    if (total <= cap) return { rows: list.map(toCaseRow), total, estimated: false };
    const [plan] = await rows<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>(db, `EXPLAIN (FORMAT JSON) SELECT 1 FROM cases c WHERE ${where}`, countValues);
    const estimate = Math.round(plan['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0);
    const known = q.offset + list.length + (list.length === q.limit ? 1 : 0);
    return { rows: list.map(toCaseRow), total: Math.max(estimate, total, known), estimated: true };
  }
}
