import type { WatchlistEntryView, WatchlistHitView, WatchlistKind } from '@sentinel/contracts';
import type { NewWatchlistEntry, RecordWrite, WatchlistMatch } from '@sentinel/domain';
import { maybeOne, rows, type Db, type Statement } from '../sql';
import { SqlParams, whereSql, type Page, type SortOrder } from './list-sql';

type AftercareRecord = Extract<RecordWrite, { record: 'watchlist_added' | 'watchlist_hit' | 'terminal_replaced' }>;

export interface WatchlistEntryRow {
  id: string;
  kind: WatchlistKind;
  value: string;
  case_id: string | null;
  case_reference: string | null;
  added_at: Date | string;
  added_by: string;
  expires_at: Date | string;
  reason: string | null;
  removed_at: Date | string | null;
  removed_reason: string | null;
  active: boolean;
}

const ENTRY_SELECT = `w.id, w.kind, w.value, w.case_id, (SELECT c.reference FROM cases c WHERE c.id = w.case_id) AS case_reference, w.added_at, w.added_by, w.expires_at, w.reason, w.removed_at, w.removed_reason,
  (w.removed_at IS NULL AND w.expires_at > now()) AS active`;

const iso = (d: Date | string | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

export function toWatchlistEntryView(r: WatchlistEntryRow): WatchlistEntryView {
  return {
    id: r.id,
    kind: r.kind,
    value: r.value,
    caseId: r.case_id,
    caseReference: r.case_reference,
    addedAt: iso(r.added_at)!,
    addedBy: r.added_by,
    expiresAt: iso(r.expires_at)!,
    reason: r.reason,
    removedAt: iso(r.removed_at),
    removedReason: r.removed_reason,
    active: r.active,
  };
}

/** The case page's hits: from `watchlist_hits x JOIN watchlist_entries w`, as JSON. */
export const CASE_WATCHLIST_HITS = `(SELECT coalesce(json_agg(json_build_object('entryId', w.id, 'kind', w.kind, 'value', w.value, 'earlierCaseId', w.case_id,
      'reportId', x.report_id, 'at', x.at) ORDER BY x.at, w.kind), '[]')
   FROM watchlist_hits x JOIN watchlist_entries w ON w.id = x.entry_id WHERE x.case_id = c.id) AS v_watchlist_hits`;

export function toWatchlistHits(v: Array<Omit<WatchlistHitView, 'at'> & { at: string }>): WatchlistHitView[] {
  return v.map((h) => ({ ...h, at: iso(h.at)! }));
}

/**
 * Active entries matching an SN or a MID, with the supervisor who resolved the earlier case: the intake lookup
 * (a SQL expression for the intake statement, `$sn` and `$mid` its parameters).
 */
export function watchlistMatchColumn(snParam: string, midParam: string): string {
  return `(SELECT coalesce(json_agg(json_build_object('entryId', w.id, 'kind', w.kind, 'value', w.value, 'earlierCaseId', w.case_id,
            'resolvedBy', w.resolved_by) ORDER BY w.kind, w.added_at), '[]')
     FROM watchlist_entries w
    WHERE w.removed_at IS NULL AND w.expires_at > now()
      AND ((w.kind = 'sn' AND w.value = ${snParam}) OR (w.kind = 'mid' AND w.value = ${midParam}))) AS x_watchlist`;
}

export type WatchlistMatchJson = WatchlistMatch[];

/** The watchlist (docs/api.md "Aftercare and watchlist") and the terminal replacement record. */
export class WatchlistRepository {
  /** A plan's aftercare writes (a replacement is two: the old terminal, and the new one upserted). */
  statements(r: AftercareRecord): Statement[] {
    switch (r.record) {
      case 'watchlist_added':
        return [this.insertStatement(r.entry)];
      case 'watchlist_hit':
        return [
          {
            text: `INSERT INTO watchlist_hits (case_id, entry_id, report_id, at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
            values: [r.caseId, r.entryId, r.reportId, r.at],
          },
        ];
      case 'terminal_replaced':
        return [
          { text: `UPDATE terminals SET replaced_by_sn = $2, replaced_at = $3, updated_at = now() WHERE id = $1`, values: [r.terminalId, r.newSn, r.replacedAt] },
          {
            text: `INSERT INTO terminals (sn, bank_code, replaces_sn) SELECT $1, (SELECT bank_code FROM terminals WHERE id = $2), $3
                   ON CONFLICT (sn) DO UPDATE SET replaces_sn = EXCLUDED.replaces_sn, updated_at = now()`,
            values: [r.newSn, r.terminalId, r.oldSn],
          },
        ];
    }
  }

  insertStatement(e: NewWatchlistEntry): Statement {
    return {
      text: `INSERT INTO watchlist_entries (id, kind, value, case_id, added_at, added_by, resolved_by, expires_at, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      values: [e.id, e.kind, e.value, e.caseId, e.addedAt, e.addedBy, e.resolvedBy, e.expiresAt, e.reason],
    };
  }

  /** A supervisor's entry, added by hand (an entry from a plan goes through `statements`). */
  async insert(db: Db, e: NewWatchlistEntry): Promise<void> {
    const st = this.insertStatement(e);
    await db.query(st.text, st.values);
  }

  async list(
    db: Db,
    q: { kind?: WatchlistKind[]; value?: string; caseIds?: string[]; active?: boolean; ids?: string[]; sort: { column: 'added_at' | 'expires_at' | 'id'; order: SortOrder }; page?: Page },
  ): Promise<{ rows: WatchlistEntryRow[]; total: number }> {
    const p = new SqlParams();
    const where: string[] = [];
    if (q.kind) where.push(`w.kind = ANY(${p.add(q.kind)}::text[])`);
    if (q.value) where.push(`w.value = ${p.add(q.value)}`);
    if (q.caseIds) where.push(`w.case_id = ANY(${p.add(q.caseIds)}::uuid[])`);
    if (q.active !== undefined) where.push(q.active ? `w.removed_at IS NULL AND w.expires_at > now()` : `(w.removed_at IS NOT NULL OR w.expires_at <= now())`);
    if (q.ids) where.push(`w.id = ANY(${p.add(q.ids)}::uuid[])`);
    const w = whereSql(where);
    const countValues = [...p.values];
    const page = p.page(q.page);
    const [list, [{ total }]] = await Promise.all([
      rows<WatchlistEntryRow>(db, `SELECT ${ENTRY_SELECT} FROM watchlist_entries w ${w} ORDER BY w.${q.sort.column} ${q.sort.order}, w.id ${q.sort.order}${page}`, p.values),
      rows<{ total: number }>(db, `SELECT count(*)::int AS total FROM watchlist_entries w ${w}`, countValues),
    ]);
    return { rows: list, total };
  }

  get(db: Db, id: string, lock = false): Promise<WatchlistEntryRow | undefined> {
    return maybeOne<WatchlistEntryRow>(db, `SELECT ${ENTRY_SELECT} FROM watchlist_entries w WHERE w.id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  }

  async remove(db: Db, id: string, by: string, reason: string, at: Date): Promise<void> {
    await db.query(`UPDATE watchlist_entries SET removed_at = $2, removed_by = $3, removed_reason = $4 WHERE id = $1 AND removed_at IS NULL`, [id, at, by, reason]);
  }
}
