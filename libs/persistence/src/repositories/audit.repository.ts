import { one, rows, type Db } from '../sql';
import type { EventRow } from './events.repository';

/** A case's chain head as the cases row holds it. */
export interface CaseHeadRow {
  id: string;
  last_event_seq: number;
  head_hash: string;
}

/** The system chain's head. */
export interface SystemHeadRow {
  last_seq: number;
  head_hash: string;
}

/** Which events an export or a verification reads: a time range on `at`, and one case. */
export interface AuditRange {
  from?: Date;
  to?: Date;
  caseId?: string;
}

/** A `case_events` row (it always carries its case). */
export type CaseEventRow = EventRow & { case_id: string };

/**
 * Reads of the audit chains for verification (docs/api.md "Audit"), all in keyset pages so that any number of
 * events is read in bounded memory: the caller asks for the next page after the last row it has. Appends are
 * `EventsRepository`'s; the export's COPY, checkpoints and reconciliation live in `../audit`.
 */
export class AuditRepository {
  /** Up to `limit` cases with ids after `afterId`, in id order: the one asked for, or those with events in the range. */
  casesPage(db: Db, afterId: string, range: AuditRange, limit: number): Promise<CaseHeadRow[]> {
    const params: unknown[] = [afterId];
    const where = [`c.id > $1`];
    if (range.caseId) where.push(`c.id = $${params.push(range.caseId)}`);
    if (range.from || range.to) {
      const within: string[] = [];
      if (range.from) within.push(`e.at >= $${params.push(range.from)}`);
      if (range.to) within.push(`e.at < $${params.push(range.to)}`);
      where.push(`EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND ${within.join(' AND ')})`);
    }
    return rows<CaseHeadRow>(db, `SELECT c.id, c.last_event_seq, c.head_hash FROM cases c WHERE ${where.join(' AND ')} ORDER BY c.id LIMIT ${int(limit)}`, params);
  }

  /** The whole chains of these cases, case by case, oldest first. */
  eventsOfCases(db: Db, caseIds: string[]): Promise<CaseEventRow[]> {
    return rows<CaseEventRow>(db, `SELECT * FROM case_events WHERE case_id = ANY($1) ORDER BY case_id, seq`, [caseIds]);
  }

  systemHead(db: Db): Promise<SystemHeadRow> {
    return one<SystemHeadRow>(db, `SELECT last_seq, head_hash FROM system_chain_head WHERE id = 1`);
  }

  /** Up to `limit` case events after (`afterCaseId`, `afterSeq`) in (case, seq) order, within the range. */
  caseEventsPage(db: Db, after: { caseId: string; seq: number }, range: AuditRange, limit: number): Promise<CaseEventRow[]> {
    const params: unknown[] = [after.caseId, after.seq];
    const where = ['(case_id, seq) > ($1::uuid, $2::int)'];
    if (range.caseId) where.push(`case_id = $${params.push(range.caseId)}`);
    if (range.from) where.push(`at >= $${params.push(range.from)}`);
    if (range.to) where.push(`at < $${params.push(range.to)}`);
    return rows<CaseEventRow>(db, `SELECT * FROM case_events WHERE ${where.join(' AND ')} ORDER BY case_id, seq LIMIT ${int(limit)}`, params);
  }

  /** Up to `limit` system events after `afterSeq` in seq order, within the range (`caseId` does not apply). */
  systemEventsPage(db: Db, afterSeq: number, range: Omit<AuditRange, 'caseId'>, limit: number): Promise<EventRow[]> {
    const params: unknown[] = [afterSeq];
    const where = ['seq > $1'];
    if (range.from) where.push(`at >= $${params.push(range.from)}`);
    if (range.to) where.push(`at < $${params.push(range.to)}`);
    return rows<EventRow>(db, `SELECT * FROM system_events WHERE ${where.join(' AND ')} ORDER BY seq LIMIT ${int(limit)}`, params);
  }
}

/** A page size written into the statement: a positive whole number, never text from a request. */
function int(n: number): number {
  if (!Number.isSafeInteger(n) || n <= 0) throw new RangeError(`page size ${n} is not a positive integer`);
  return n;
}
