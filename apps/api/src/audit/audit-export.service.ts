import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { stringify } from 'csv-stringify/sync';
import { canonicalJson } from '@sentinel/domain';
import { appendSystemEvent, AuditRepository, type EventRow } from '@sentinel/persistence';
import { auditActor, type Actor } from '../auth/actor';
import { eventRowToView } from './audit.service';
import type { AuditQuery } from './audit-query';
import { write } from './stream-write';

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
    if (format === 'csv') await write(res, stringify([CSV_COLUMNS]));
    const line = (r: EventRow): string => {
      const e = eventRowToView(r);
      if (format === 'jsonl') return `${JSON.stringify({ caseId: e.caseId, seq: e.seq, at: e.at, actor: e.actor, action: e.action, data: e.data, prevHash: e.prevHash, hash: e.hash })}\n`;
      return stringify([[e.caseId ?? '', e.seq, e.at, e.actor.id, e.actor.role, e.action, canonicalJson(e.data), e.prevHash, e.hash]]);
    };
    if (q.scope !== 'system') await this.streamCases(q, res, line);
    if (q.scope !== 'cases' && !q.caseId) await this.streamSystem(q, res, line);
    res.end();
  }

  private async streamCases(q: AuditQuery, res: Response, line: (r: EventRow) => string): Promise<void> {
    let after = { caseId: '00000000-0000-0000-0000-000000000000', seq: 0 };
    for (;;) {
      const rows = await this.chains.caseEventsPage(this.ds, after, { caseId: q.caseId, from: q.from, to: q.to }, BATCH);
      if (!rows.length) return;
      await write(res, rows.map(line).join(''));
      const last = rows[rows.length - 1];
      after = { caseId: last.case_id, seq: last.seq };
      if (rows.length < BATCH) return;
    }
  }

  private async streamSystem(q: AuditQuery, res: Response, line: (r: EventRow) => string): Promise<void> {
    let after = 0;
    for (;;) {
      const rows = await this.chains.systemEventsPage(this.ds, after, { from: q.from, to: q.to }, BATCH);
      if (!rows.length) return;
      await write(res, rows.map(line).join(''));
      after = rows[rows.length - 1].seq;
      if (rows.length < BATCH) return;
    }
  }
}
