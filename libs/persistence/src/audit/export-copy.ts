import type { Pool, PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { DataSource } from 'typeorm';

/** `at` as served (ISO 8601 UTC with milliseconds, as Date#toISOString writes it). */
export const AT_SQL = `to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * An event's JSON line without its newline (docs/api.md "Audit" export): keys caseId, seq, at, actor { id, role },
 * action, data, prevHash, hash, no spaces between them; `data` as jsonb writes it — the same JSON value that was
 * hashed. Every piece is JSON PostgreSQL wrote (to_json, jsonb's text), which escapes every character below U+0020.
 */
export function jsonLineSql(caseId: 'case_id' | 'NULL'): string {
  const id = caseId === 'NULL' ? `'null'` : `'"' || case_id || '"'`;
  return `'{"caseId":' || ${id} || ',"seq":' || seq || ',"at":"' || ${AT_SQL} || '","actor":{"id":' || to_json(actor_id) || ',"role":' || to_json(actor_role)
    || '},"action":' || to_json(action) || ',"data":' || data || ',"prevHash":"' || rtrim(prev_hash) || '","hash":"' || rtrim(hash) || '"}'`;
}

/**
 * COPY's CSV format with a delimiter and a quote (U+0001, U+0002) that JSON text written by PostgreSQL never holds
 * raw (nor CR or LF), so each one-column row is written as is, followed by LF: the JSON lines byte for byte, where
 * the text format would double every backslash.
 */
const RAW_LINES = `(FORMAT csv, DELIMITER E'\\x01', QUOTE E'\\x02')`;

/** Which events an export reads (`AuditRange` of the audit repository). */
interface AuditRange {
  from?: Date;
  to?: Date;
  caseId?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** COPY takes no parameters: the range is written into the statement, and only as these checked literals. */
function timeLiteral(d: Date): string {
  const iso = d.toISOString();
  if (!/^[0-9T:.\-+Z]+$/.test(iso)) throw new RangeError(`not a time: ${iso}`);
  return `'${iso}'::timestamptz`;
}

function rangeWhere(range: AuditRange, withCase: boolean): string {
  const where: string[] = [];
  if (withCase && range.caseId) {
    if (!UUID.test(range.caseId)) throw new RangeError(`not a case id: ${range.caseId}`);
    where.push(`case_id = '${range.caseId}'::uuid`);
  }
  if (range.from) where.push(`at >= ${timeLiteral(range.from)}`);
  if (range.to) where.push(`at < ${timeLiteral(range.to)}`);
  return where.length ? `WHERE ${where.join(' AND ')}` : '';
}

/** The COPY of the case chains' JSON lines, chain by chain (case, then seq), within the range. */
export function caseEventsJsonlCopy(range: AuditRange): string {
  return `COPY (SELECT ${jsonLineSql('case_id')} FROM case_events ${rangeWhere(range, true)} ORDER BY case_id, seq) TO STDOUT ${RAW_LINES}`;
}

/** The COPY of the system chain's JSON lines in seq order, within the range (`caseId` does not apply). */
export function systemEventsJsonlCopy(range: Omit<AuditRange, 'caseId'>): string {
  return `COPY (SELECT ${jsonLineSql('NULL')} FROM system_events ${rangeWhere(range, false)} ORDER BY seq) TO STDOUT ${RAW_LINES}`;
}

/**
 * One read-only snapshot on a connection of its own for a streamed export: `copy` yields COPY's bytes as they come
 * (the socket is read only as fast as the consumer takes them). `close()` commits and returns the connection to the
 * pool; `close(error)` — a client gone mid-COPY, a failed write — discards the connection instead (a COPY cannot be
 * stopped half way on a connection that is kept, and the server ends the statement when its socket closes).
 */
export interface ExportSnapshot {
  copy(sql: string): AsyncIterable<Buffer>;
  close(error?: unknown): Promise<void>;
}

export async function openExportSnapshot(ds: DataSource): Promise<ExportSnapshot> {
  // TypeORM's postgres driver keeps node-postgres' pool as `master`; a query runner cannot discard its connection.
  // Releasing with `true` ends the client, which destroys its socket while a COPY is still running.
  const pool = (ds.driver as unknown as { master: Pool }).master;
  const client: PoolClient = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  } catch (e) {
    client.release(true);
    throw e;
  }
  let closed = false;
  return {
    copy(sql) {
      const stream = client.query(copyTo(sql));
      // the consumer sees errors while it reads; one after it stopped (the connection discarded mid-COPY) is expected
      stream.on('error', () => undefined);
      return stream;
    },
    async close(error?: unknown) {
      if (closed) return;
      closed = true;
      if (error !== undefined) return client.release(true);
      try {
        await client.query('COMMIT');
        client.release();
      } catch (e) {
        client.release(true);
        throw e;
      }
    },
  };
}
