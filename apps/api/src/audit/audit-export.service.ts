import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { appendSystemEvent, caseEventsJsonlCopy, openExportSnapshot, systemEventsJsonlCopy } from '@sentinel/persistence';
import { auditActor, type Actor } from '../auth/actor';
import type { AuditQuery } from './audit-query';
import { write } from './stream-write';
import { csvLine } from './csv-line';
import { CSV_COLUMNS, csvFromJsonLines } from './csv-from-json-lines';

/**
 * Audit export (docs/api.md "Audit"): one row per event with exactly the hashed fields, streamed (constant memory,
 * any size, respects back-pressure). Cases are exported chain by chain (case, then seq), so the file re-verifies
 * offline; the system chain follows in seq order; both from one read-only snapshot. The export itself is recorded.
 * PostgreSQL builds each event's JSON line and COPY streams them (libs/persistence export-copy.ts): JSON Lines pass
 * its bytes on as they come; CSV turns each chunk's lines into records (`data` as canonical JSON).
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
    const as = (lines: AsyncIterable<Buffer>) => (format === 'csv' ? csvFromJsonLines(lines) : lines);
    // Before the first byte: no connection is a problem response. After it, a client gone or a failed read discards
    // the snapshot's connection (which ends its COPY).
    const snapshot = await openExportSnapshot(this.ds);
    try {
      if (format === 'csv') await write(res, csvLine(CSV_COLUMNS));
      if (q.scope !== 'system') await pump(as(snapshot.copy(caseEventsJsonlCopy({ caseId: q.caseId, from: q.from, to: q.to }))), res);
      if (q.scope !== 'cases' && !q.caseId) await pump(as(snapshot.copy(systemEventsJsonlCopy({ from: q.from, to: q.to }))), res);
    } catch (e) {
      await snapshot.close(e);
      throw e;
    }
    await snapshot.close();
    res.end();
  }
}

/** Chunks straight to the response, the next read only once the socket took the last (back-pressure). */
async function pump(source: AsyncIterable<Buffer | string>, res: Response): Promise<void> {
  for await (const chunk of source) await write(res, chunk);
}
