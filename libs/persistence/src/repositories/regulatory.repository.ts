import type { RegulatoryClockView, RegulatoryKind, RegulatoryPolicyView, RegulatoryState } from '@sentinel/contracts';
import type { RecordWrite } from '@sentinel/domain';
import { maybeOne, rows, type Db, type Statement } from '../sql';
import { SqlParams, whereSql, type Page, type SortOrder } from './list-sql';
import { claimDueMoments, type ClaimedMoments } from './due-moments.sql';

type RegulatoryRecord = Extract<RecordWrite, { record: 'regulatory_started' | 'regulatory_filed' | 'regulatory_cancelled' | 'regulatory_marked' }>;

/** A regulatory_clocks row with its case reference (REGULATORY_VIEW_SELECT, or as JSON on the case page). */
export interface RegulatoryClockRow {
  id: string;
  case_id: string;
  case_reference: string;
  kind: RegulatoryKind;
  target: string;
  calendar_id: string;
  started_at: Date | string;
  started_by: string;
  automatic: boolean;
  warn_at: Date | string;
  due_at: Date | string;
  warned_at: Date | string | null;
  breached_at: Date | string | null;
  state: RegulatoryState;
  filed_at: Date | string | null;
  reference: string | null;
  filed_by: string | null;
  cancelled_at: Date | string | null;
  cancel_reason: string | null;
}

/** From `regulatory_clocks r JOIN cases rc ON rc.id = r.case_id`. */
export const REGULATORY_VIEW_SELECT = `r.id, r.case_id, rc.reference AS case_reference, r.kind, r.target, r.calendar_id, r.started_at, r.started_by,
  r.automatic, r.warn_at, r.due_at, r.warned_at, r.breached_at, r.state, r.filed_at, r.reference, r.filed_by, r.cancelled_at, r.cancel_reason`;

const iso = (d: Date | string | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

export function toRegulatoryClockView(r: RegulatoryClockRow): RegulatoryClockView {
  return {
    id: r.id,
    caseId: r.case_id,
    caseReference: r.case_reference,
    kind: r.kind,
    target: r.target,
    calendarId: r.calendar_id,
    startedAt: iso(r.started_at)!,
    automatic: r.automatic,
    startedBy: r.started_by,
    warnAt: iso(r.warn_at)!,
    dueAt: iso(r.due_at)!,
    warnedAt: iso(r.warned_at),
    breachedAt: iso(r.breached_at),
    state: r.state,
    filedAt: iso(r.filed_at),
    reference: r.reference,
    filedBy: r.filed_by,
    cancelledAt: iso(r.cancelled_at),
    cancelReason: r.cancel_reason,
  };
}

export interface RegulatoryListQuery {
  caseIds?: string[];
  state?: RegulatoryState[];
  kind?: RegulatoryKind[];
  dueBefore?: Date;
  ids?: string[];
  sort: { column: 'due_at' | 'started_at' | 'created_at' | 'id'; order: SortOrder };
  page?: Page;
}

const RUNNING = `r.state IN ('on_track','warning','breached')`;

/**
 * Regulatory clocks and their policies (docs/api.md "Regulatory clocks"): the case writer's statements (under the
 * case row lock), the list, the sweep's due moments, the policies.
 */
export class RegulatoryRepository {
  statement(caseId: string, w: RegulatoryRecord): Statement {
    switch (w.record) {
      case 'regulatory_started': {
        const k = w.clock;
        return {
          text: `INSERT INTO regulatory_clocks (id, case_id, kind, target, calendar_id, warn_at_percent, started_at, started_by, automatic, warn_at, due_at, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)`,
          values: [k.id, caseId, k.kind, k.target, k.calendarId, k.warnAtPercent, k.startedAt, k.startedBy, k.automatic, k.warnAt, k.dueAt, k.createdAt],
        };
      }
      case 'regulatory_filed':
        return {
          text: `UPDATE regulatory_clocks r SET state = 'met', met_at = $3, filed_at = $4, reference = $5, filed_by = $6, updated_at = $3
                  WHERE r.id = $1 AND r.case_id = $2 AND ${RUNNING}`,
          values: [w.clockId, caseId, w.at, w.filedAt, w.reference, w.by],
        };
      case 'regulatory_cancelled':
        return {
          text: `UPDATE regulatory_clocks r SET state = 'cancelled', cancelled_at = $3, cancelled_by = $4, cancel_reason = $5, updated_at = $3
                  WHERE r.id = $1 AND r.case_id = $2 AND ${RUNNING}`,
          values: [w.clockId, caseId, w.at, w.by, w.reason],
        };
      case 'regulatory_marked':
        return w.moment === 'breached'
          ? {
              text: `UPDATE regulatory_clocks r SET state = 'breached', breached_at = $3, updated_at = $3
                      WHERE r.id = $1 AND r.case_id = $2 AND r.state IN ('on_track','warning') AND r.breached_at IS NULL`,
              values: [w.clockId, caseId, w.at],
            }
          : {
              text: `UPDATE regulatory_clocks r SET state = 'warning', warned_at = $3, updated_at = $3
                      WHERE r.id = $1 AND r.case_id = $2 AND r.state = 'on_track' AND r.warned_at IS NULL`,
              values: [w.clockId, caseId, w.at],
            };
    }
  }

  async list(db: Db, q: RegulatoryListQuery): Promise<{ rows: RegulatoryClockRow[]; total: number }> {
    const p = new SqlParams();
    const where: string[] = [];
    if (q.caseIds) where.push(`r.case_id = ANY(${p.add(q.caseIds)}::uuid[])`);
    if (q.state) where.push(`r.state = ANY(${p.add(q.state)}::text[])`);
    if (q.kind) where.push(`r.kind = ANY(${p.add(q.kind)}::text[])`);
    if (q.dueBefore) where.push(`r.due_at < ${p.add(q.dueBefore)}`);
    if (q.ids) where.push(`r.id = ANY(${p.add(q.ids)}::uuid[])`);
    const w = whereSql(where);
    const countValues = [...p.values];
    const page = p.page(q.page);
    const [list, [{ total }]] = await Promise.all([
      rows<RegulatoryClockRow>(
        db,
        `SELECT ${REGULATORY_VIEW_SELECT} FROM regulatory_clocks r JOIN cases rc ON rc.id = r.case_id ${w}
          ORDER BY r.${q.sort.column} ${q.sort.order}, r.id ${q.sort.order}${page}`,
        p.values,
      ),
      rows<{ total: number }>(db, `SELECT count(*)::int AS total FROM regulatory_clocks r ${w}`, countValues),
    ]);
    return { rows: list, total };
  }

  /**
   * The timer poller's claim (`claimDueMoments`): up to `limit` due moments of running regulatory clocks (closed
   * cases too) — breaches first, then warnings — one per case, their case rows locked `FOR UPDATE OF c SKIP LOCKED`.
   * Uses the partial indexes ix_regulatory_open_due / ix_regulatory_open_warn.
   */
  claimDueMoments(db: Db, now: Date, limit: number, excludeCaseIds: string[] = []): Promise<ClaimedMoments> {
    return claimDueMoments(
      db,
      {
        due: `SELECT r.id, r.case_id, r.due_at AS at FROM regulatory_clocks r WHERE r.state IN ('on_track','warning') AND r.due_at <= $1`,
        warning: `SELECT r.id, r.case_id, r.warn_at AS at FROM regulatory_clocks r
                   WHERE r.state = 'on_track' AND r.warned_at IS NULL AND r.warn_at <= $1 AND r.due_at > $1`,
      },
      now,
      limit,
      excludeCaseIds,
    );
  }

  async policies(db: Db): Promise<RegulatoryPolicyView[]> {
    const list = await rows<{ kind: RegulatoryKind; target: string; calendar_id: string; warn_at_percent: number; updated_at: Date }>(
      db,
      `SELECT kind, target, calendar_id, warn_at_percent, updated_at FROM regulatory_policies ORDER BY kind`,
    );
    return list.map((r) => ({ kind: r.kind, target: r.target, calendarId: r.calendar_id, warnAtPercent: r.warn_at_percent, updatedAt: r.updated_at.toISOString() }));
  }

  /** Writes a kind's policy (new clocks start on it; running clocks keep the policy they started with). */
  async updatePolicy(db: Db, kind: RegulatoryKind, v: { target: string; calendarId: string; warnAtPercent: number }): Promise<RegulatoryPolicyView | undefined> {
    const r = await maybeOne<{ kind: RegulatoryKind; target: string; calendar_id: string; warn_at_percent: number; updated_at: Date }>(
      db,
      `UPDATE regulatory_policies SET target = $2, calendar_id = $3, warn_at_percent = $4, updated_at = now() WHERE kind = $1
       RETURNING kind, target, calendar_id, warn_at_percent, updated_at`,
      [kind, v.target, v.calendarId, v.warnAtPercent],
    );
    return r ? { kind: r.kind, target: r.target, calendarId: r.calendar_id, warnAtPercent: r.warn_at_percent, updatedAt: r.updated_at.toISOString() } : undefined;
  }
}
