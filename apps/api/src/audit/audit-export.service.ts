import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { canonicalJson } from '@sentinel/domain';
import { appendSystemEvent } from '@sentinel/persistence';
import { auditActor, type Actor } from '../auth/actor';
import type { AuditQuery } from './audit-query';
import { write } from './stream-write';
import { csvLine } from './csv-line';

const BATCH = 2000;
export const CSV_COLUMNS = ['caseId', 'seq', 'at', 'actorId', 'actorRole', 'action', 'data', 'prevHash', 'hash'];

/**
 * Audit export (docs/api.md "Audit"): one row per event with exactly the hashed fields, streamed in keyset batches
 * (constant memory, any size, respects back-pressure). Cases are exported chain by chain (case, then seq), so
 * the file re-verifies offline; the system chain follows in seq order. The export itself is recorded.
 */
@Injectable()
export class AuditExportService {
  constructor(private readonly ds: DataSource) {}

  async export(q: AuditQuery, format: 'csv' | 'jsonl', actor: Actor, res: Response): Promise<void> {
    await this.ds.transaction((em) =>
      appendSystemEvent(em, {
        actor: auditActor(actor),
        action: 'audit.exported',
        data: { format, scope: q.scope, from: q.from?.toISOString() ?? null, to: q.to?.toISOString() ?? null, caseId: q.caseId ?? null },
      }),
    );
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    res.status(200);
    res.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="sentinel-audit-${q.scope}-${stamp}.${format}"`);
    res.setHeader('Cache-Control', 'no-store');
    if (format === 'csv') await write(res, csvLine(CSV_COLUMNS));
    const jsonl = format === 'jsonl';
    const lines = (rs: ExportRow[]): string => (jsonl ? rs.map((r) => r.line).join('') : rs.map(csvEventLine).join(''));
    if (q.scope !== 'system') await this.streamCases(q, res, jsonl, lines);
    if (q.scope !== 'cases' && !q.caseId) await this.streamSystem(q, res, jsonl, lines);
    res.end();
  }

  private async streamCases(q: AuditQuery, res: Response, jsonl: boolean, lines: (rs: ExportRow[]) => string): Promise<void> {
    const batch = (after: [string, number]): Promise<ExportRow[]> => {
      const params: unknown[] = [after[0], after[1]];
      const where = ['(case_id, seq) > ($1::uuid, $2::int)'];
      if (q.caseId) where.push(`case_id = $${params.push(q.caseId)}`);
      if (q.from) where.push(`at >= $${params.push(q.from)}`);
      if (q.to) where.push(`at < $${params.push(q.to)}`);
      return this.ds.query(`SELECT case_id, seq, ${jsonl ? jsonLineSql('case_id') : CSV_SQL} FROM case_events WHERE ${where.join(' AND ')} ORDER BY case_id, seq LIMIT ${BATCH}`, params);
    };
    // case_events rows always carry their case
    await pipelined(batch(['00000000-0000-0000-0000-000000000000', 0]), (last) => batch([last.case_id as string, last.seq]), (rs) => write(res, lines(rs)));
  }

  private async streamSystem(q: AuditQuery, res: Response, jsonl: boolean, lines: (rs: ExportRow[]) => string): Promise<void> {
    const batch = (after: number): Promise<ExportRow[]> => {
      const params: unknown[] = [after];
      const where = ['seq > $1'];
      if (q.from) where.push(`at >= $${params.push(q.from)}`);
      if (q.to) where.push(`at < $${params.push(q.to)}`);
      return this.ds.query(`SELECT NULL AS case_id, seq, ${jsonl ? jsonLineSql('NULL') : CSV_SQL} FROM system_events WHERE ${where.join(' AND ')} ORDER BY seq LIMIT ${BATCH}`, params);
    };
    await pipelined(batch(0), (last) => batch(last.seq), (rs) => write(res, lines(rs)));
  }
}

/**
 * An exported event as selected: its keyset position and either its whole JSON line (built by PostgreSQL) or its
 * CSV fields as text (`data` parsed: CSV carries it as canonical JSON, which PostgreSQL cannot write).
 */
interface ExportRow {
  case_id: string | null;
  seq: number;
  line: string;
  at: string;
  actor_id: string;
  actor_role: string;
  action: string;
  data: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

/** `at` as served (ISO 8601 UTC with milliseconds, as Date#toISOString writes it). */
const AT_SQL = `to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The served JSON line, built by PostgreSQL (the API only passes it on: parsing each row into objects and
 * stringifying them again was most of the export's cost): keys caseId, seq, at, actor { id, role }, action, data,
 * prevHash, hash, no spaces between them; `data` as jsonb writes it (its keys in jsonb's order, ", " and ": "
 * inside) — the same JSON value as the one hashed, which verifiers re-canonicalise.
 */
function jsonLineSql(caseId: 'case_id' | 'NULL'): string {
  const id = caseId === 'NULL' ? `'null'` : `'"' || case_id || '"'`;
  return `'{"caseId":' || ${id} || ',"seq":' || seq || ',"at":"' || ${AT_SQL} || '","actor":{"id":' || to_json(actor_id) || ',"role":' || to_json(actor_role)
    || '},"action":' || to_json(action) || ',"data":' || data || ',"prevHash":"' || rtrim(prev_hash) || '","hash":"' || rtrim(hash) || E'"}\\n' AS line`;
}

const CSV_SQL = `${AT_SQL} AS at, actor_id, actor_role, action, data, prev_hash, hash`;

/** The CSV record of an event row (`data` as canonical JSON text). */
function csvEventLine(r: ExportRow): string {
  return csvLine([r.case_id ?? '', r.seq, r.at, r.actor_id, r.actor_role, r.action, canonicalJson(r.data), r.prev_hash, r.hash]);
}

/**
 * Keyset batches with the next one read while the current one is written (the database and the socket work at the
 * same time; at most two batches in memory). Stops after a short batch.
 */
async function pipelined(first: Promise<ExportRow[]>, after: (last: ExportRow) => Promise<ExportRow[]>, send: (rs: ExportRow[]) => Promise<void>): Promise<void> {
  let next = first;
  for (;;) {
    const rows = await next;
    if (!rows.length) return;
    const more = rows.length === BATCH;
    if (more) {
      next = after(rows[rows.length - 1]);
      next.catch(() => undefined); // awaited below; a send failing first must not leave it unhandled
    }
    await send(rows);
    if (!more) return;
  }
}
