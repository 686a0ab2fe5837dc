import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import type { AuditCheckpoint } from '@sentinel/contracts';
import { signatureHolds } from '@sentinel/domain';
import { appendSystemEvent, CheckpointsRepository, type StoredCheckpoint } from '@sentinel/persistence';
import { auditActor, type Actor } from '../auth/actor';
import { assertUuid, parseListQuery } from '../common/list-query';
import { notFound } from '../common/problem.exception';
import { AUDIT_SIGNING_KEY, type AuditSigningKey } from './audit-signing-key';
import { write } from './stream-write';

export const CHECKPOINT_SORTS = ['seq', 'at'] as const;

/** Signed checkpoints (docs/api.md "Checkpoints"): list, show, leaves, the public key, and one on demand. */
@Injectable()
export class AuditCheckpointsService {
  private readonly repo = new CheckpointsRepository();

  constructor(
    private readonly ds: DataSource,
    @Inject(AUDIT_SIGNING_KEY) private readonly key: AuditSigningKey,
  ) {}

  get publicKeyPem(): string {
    return this.key.publicKeyPem;
  }

  view(c: StoredCheckpoint): AuditCheckpoint {
    return { ...c, signatureValid: c.keyId === this.key.keyId ? signatureHolds(c, this.key.publicKey) : null };
  }

  async list(query: Record<string, unknown>): Promise<{ rows: AuditCheckpoint[]; total: number; offset: number }> {
    const lq = parseListQuery(query, { filters: [], sorts: CHECKPOINT_SORTS, defaultSort: { field: 'seq', order: 'DESC' } });
    const { rows, total } = await this.repo.list(this.ds, lq.offset, lq.limit, lq.sort.field === 'id' ? 'id' : 'seq', lq.sort.order, lq.ids);
    return { rows: rows.map((c) => this.view(c)), total, offset: lq.offset };
  }

  async get(id: string): Promise<AuditCheckpoint> {
    return this.view(await this.load(id));
  }

  private async load(id: string): Promise<StoredCheckpoint> {
    assertUuid(id, 'checkpoint');
    const c = await this.repo.get(this.ds, id);
    if (!c) throw notFound('Checkpoint', id);
    return c;
  }

  /** An admin's checkpoint now; recorded in the system chain. */
  async create(actor: Actor): Promise<AuditCheckpoint> {
    const { checkpoint, leavesWritten, anomalies } = await this.repo.write(this.ds, this.key, actor.id);
    await this.ds.transaction((em) =>
      appendSystemEvent(em, {
        actor: auditActor(actor),
        action: 'audit.checkpoint_created',
        data: { checkpointId: checkpoint.id, seq: checkpoint.seq, hash: checkpoint.hash, caseCount: checkpoint.caseCount, leavesWritten, anomalies: anomalies.length },
      }),
    );
    return this.view(checkpoint);
  }

  /** The leaves as JSON Lines, in caseId order (streamed in pages). */
  async streamLeaves(id: string, res: Response): Promise<void> {
    const c = await this.load(id);
    res.status(200);
    res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="sentinel-checkpoint-${c.seq}-leaves.jsonl"`);
    res.setHeader('Cache-Control', 'no-store');
    let after: string | null = null;
    for (;;) {
      const page = await this.repo.leaves(this.ds, c.seq, after);
      if (!page.length) break;
      await write(res, page.map((l) => `${JSON.stringify({ caseId: l.caseId, lastEventSeq: l.lastEventSeq, headHash: l.headHash })}\n`).join(''));
      after = page[page.length - 1].caseId;
    }
    res.end();
  }
}
