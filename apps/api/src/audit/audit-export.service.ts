import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { canonicalJson } from '@sentinel/domain';
import { appendSystemEvent, AuditRepository, type ExportRow } from '@sentinel/persistence';
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
  private readonly chains = new AuditRepository();

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
    const range = { caseId: q.caseId, from: q.from, to: q.to };
    const page = (after: { caseId: string; seq: number }) => this.chains.caseEventsExportPage(this.ds, after, range, BATCH, jsonl);
    // case_events rows always carry their case
    await pipelined(page({ caseId: '00000000-0000-0000-0000-000000000000', seq: 0 }), (last) => page({ caseId: last.case_id as string, seq: last.seq }), (rs) => write(res, lines(rs)));
  }

  private async streamSystem(q: AuditQuery, res: Response, jsonl: boolean, lines: (rs: ExportRow[]) => string): Promise<void> {
    const range = { from: q.from, to: q.to };
    await pipelined(this.chains.systemEventsExportPage(this.ds, 0, range, BATCH, jsonl), (last) => this.chains.systemEventsExportPage(this.ds, last.seq, range, BATCH, jsonl), (rs) => write(res, lines(rs)));
  }
}

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
