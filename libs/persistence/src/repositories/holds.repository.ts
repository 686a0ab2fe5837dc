import type { FreezeScope, HoldBasis, HoldKind, HoldStatus, HoldView } from '@sentinel/contracts';
import type { RecordWrite } from '@sentinel/domain';
import { rows, type Db, type Statement } from '../sql';
import { SqlParams, whereSql, type Page, type SortOrder } from './list-sql';
import { claimDueMoments, type ClaimedMoments } from './due-moments.sql';

type HoldRecord = Extract<RecordWrite, { record: 'hold_placed' | 'hold_renewed' | 'hold_released' | 'hold_warned' | 'hold_expired' }>;

/** A holds row with its case reference and the placer's name (as selected by HOLD_VIEW_SELECT, or as JSON). */
export interface HoldRow {
  id: string;
  case_id: string;
  case_reference: string;
  kind: HoldKind;
  scope: FreezeScope[];
  basis: HoldBasis;
  instruction_number: string | null;
  issuing_authority: string | null;
  placed_at: Date | string;
  placed_by: string;
  placed_by_name: string | null;
  expires_at: Date | string | null;
  warn_at: Date | string | null;
  warned_at: Date | string | null;
  renewals: Array<{ at: string; by: string; expiresAt: string; instructionNumber: string | null }>;
  status: HoldStatus;
  expired_at: Date | string | null;
  released_at: Date | string | null;
  released_by: string | null;
  release_reason: string | null;
}

/** From `holds h JOIN cases hc ON hc.id = h.case_id`. */
export const HOLD_VIEW_SELECT = `h.id, h.case_id, hc.reference AS case_reference, h.kind, h.scope, h.basis, h.instruction_number, h.issuing_authority,
  h.placed_at, h.placed_by, (SELECT name FROM users WHERE id = h.placed_by) AS placed_by_name, h.expires_at, h.warn_at, h.warned_at,
  h.renewals, h.status, h.expired_at, h.released_at, h.released_by, h.release_reason`;

const iso = (d: Date | string | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

export function toHoldView(r: HoldRow): HoldView {
  return {
    id: r.id,
    caseId: r.case_id,
    caseReference: r.case_reference,
    kind: r.kind,
    scope: r.scope,
    basis: r.basis,
    instructionNumber: r.instruction_number,
    issuingAuthority: r.issuing_authority,
    placedAt: iso(r.placed_at)!,
    placedBy: r.placed_by,
    placedByName: r.placed_by_name,
    expiresAt: iso(r.expires_at),
    warnAt: iso(r.warn_at),
    warnedAt: iso(r.warned_at),
    renewals: r.renewals.map((x) => ({ at: iso(x.at)!, by: x.by, expiresAt: iso(x.expiresAt)!, instructionNumber: x.instructionNumber ?? null })),
    status: r.status,
    expiredAt: iso(r.expired_at),
    releasedAt: iso(r.released_at),
    releasedBy: r.released_by,
    releaseReason: r.release_reason,
  };
}

export interface HoldListQuery {
  caseIds?: string[];
  status?: HoldStatus[];
  kind?: HoldKind[];
  expiresBefore?: Date;
  ids?: string[];
  sort: { column: 'expires_at' | 'placed_at' | 'created_at' | 'id'; order: SortOrder };
  page?: Page;
}

/**
 * Holds of cases (docs/api.md "Holds and police orders"): the case writer's statements (every change holds the
 * case row lock first), the list, and the timer poll's claim of due moments.
 */
export class HoldsRepository {
  statement(caseId: string, r: HoldRecord): Statement {
    switch (r.record) {
      case 'hold_placed': {
        const h = r.hold;
        return {
          text: `INSERT INTO holds (id, case_id, kind, scope, basis, instruction_number, issuing_authority, placed_at, placed_by, expires_at, warn_at, created_at, updated_at)
                 VALUES ($1, $2, $3, $4::text[], $5, $6, $7, $8, $9, $10, $11, $12, $12)`,
          values: [h.id, caseId, h.kind, h.scope, h.basis, h.instructionNumber, h.issuingAuthority, h.placedAt, h.placedBy, h.expiresAt, h.warnAt, h.createdAt],
        };
      }
      case 'hold_renewed':
        return {
          text: `UPDATE holds SET expires_at = $3, warn_at = $4, warned_at = NULL, updated_at = $5,
                   renewals = renewals || jsonb_build_array(jsonb_build_object('at', $5::timestamptz, 'by', $6::text, 'expiresAt', $3::timestamptz, 'instructionNumber', $7::text)),
                   instruction_number = coalesce($7, instruction_number)
                 WHERE id = $1 AND case_id = $2 AND status = 'active'`,
          values: [r.holdId, caseId, r.expiresAt, r.warnAt, r.at, r.by, r.instructionNumber],
        };
      case 'hold_released':
        return {
          text: `UPDATE holds SET status = 'released', released_at = $3, released_by = $4, release_reason = $5, updated_at = $3
                 WHERE id = $1 AND case_id = $2 AND status = 'active'`,
          values: [r.holdId, caseId, r.at, r.by, r.reason],
        };
      case 'hold_warned':
        return {
          text: `UPDATE holds SET warned_at = $3, updated_at = $3 WHERE id = $1 AND case_id = $2 AND status = 'active' AND warned_at IS NULL`,
          values: [r.holdId, caseId, r.at],
        };
      case 'hold_expired':
        return {
          text: `UPDATE holds SET status = 'expired', expired_at = $3, updated_at = $3 WHERE id = $1 AND case_id = $2 AND status = 'active'`,
          values: [r.holdId, caseId, r.at],
        };
    }
  }

  async list(db: Db, q: HoldListQuery): Promise<{ rows: HoldRow[]; total: number }> {
    const p = new SqlParams();
    const where: string[] = [];
    if (q.caseIds) where.push(`h.case_id = ANY(${p.add(q.caseIds)}::uuid[])`);
    if (q.status) where.push(`h.status = ANY(${p.add(q.status)}::text[])`);
    if (q.kind) where.push(`h.kind = ANY(${p.add(q.kind)}::text[])`);
    if (q.expiresBefore) where.push(`h.expires_at < ${p.add(q.expiresBefore)}`);
    if (q.ids) where.push(`h.id = ANY(${p.add(q.ids)}::uuid[])`);
    const w = whereSql(where);
    const countValues = [...p.values];
    const nulls = q.sort.column === 'expires_at' ? ' NULLS LAST' : '';
    const page = p.page(q.page);
    const [list, [{ total }]] = await Promise.all([
      rows<HoldRow>(
        db,
        `SELECT ${HOLD_VIEW_SELECT} FROM holds h JOIN cases hc ON hc.id = h.case_id ${w}
          ORDER BY h.${q.sort.column} ${q.sort.order}${nulls}, h.id ${q.sort.order}${page}`,
        p.values,
      ),
      rows<{ total: number }>(db, `SELECT count(*)::int AS total FROM holds h ${w}`, countValues),
    ]);
    return { rows: list, total };
  }

  /**
   * The timer poller's claim (`claimDueMoments`): up to `limit` due moments of active holds — expiries first, then
   * alarms — one per case, their case rows locked `FOR UPDATE OF c SKIP LOCKED` (expiries use ix_hold_active_expiry).
   */
  claimDueMoments(db: Db, now: Date, limit: number, excludeCaseIds: string[] = []): Promise<ClaimedMoments> {
    return claimDueMoments(
      db,
      {
        due: `SELECT h.id, h.case_id, h.expires_at AS at FROM holds h WHERE h.status = 'active' AND h.expires_at <= $1`,
        warning: `SELECT h.id, h.case_id, h.warn_at AS at FROM holds h
                   WHERE h.status = 'active' AND h.warned_at IS NULL AND h.warn_at <= $1 AND h.expires_at > $1`,
      },
      now,
      limit,
      excludeCaseIds,
    );
  }
}
