import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CheckpointsRepository, loadAuditSigningKey, type AuditSigningKey, type CheckpointWritten } from '@sentinel/persistence';
import { WORKER_CONFIG, type WorkerConfig } from '../config/worker-config';
import { WORKER_LOGGER, type WorkerLogger } from '../common/logger';

/**
 * Signed audit checkpoints on a schedule (docs/api.md "Checkpoints"): the sweep asks every run, and a checkpoint is
 * written when the latest is older than AUDIT_CHECKPOINT_INTERVAL (the database decides, so a Redis flush or a
 * restart changes nothing; the sweep's advisory lock keeps it to one replica). The key is loaded when the worker
 * starts: a bad key, or none in production, stops it.
 */
@Injectable()
export class AuditCheckpointService {
  private readonly repo = new CheckpointsRepository();
  readonly key: AuditSigningKey;

  constructor(
    private readonly ds: DataSource,
    @Inject(WORKER_CONFIG) private readonly cfg: WorkerConfig,
    @Inject(WORKER_LOGGER) private readonly log: WorkerLogger,
  ) {
    this.key = loadAuditSigningKey({ value: cfg.auditSigningKey, devKeyFile: cfg.auditSigningKeyFile, production: cfg.production });
  }

  /** Writes one when due; returns it (undefined when not due). */
  async runIfDue(now = new Date()): Promise<CheckpointWritten | undefined> {
    const latest = await this.repo.latest(this.ds);
    if (latest && now.getTime() - new Date(latest.at).getTime() < this.cfg.auditCheckpointIntervalMs) return undefined;
    const written = await this.repo.write(this.ds, this.key, 'system', now);
    const { checkpoint: c, leavesWritten, anomalies } = written;
    this.log.info({ queue: 'maintenance', checkpointSeq: c.seq, caseCount: c.caseCount, leavesWritten, hash: c.hash }, 'audit checkpoint written');
    for (const a of anomalies.slice(0, 20)) {
      this.log.error({ queue: 'maintenance', caseId: a.caseId, reason: a.reason, checkpointSeq: c.seq }, 'audit checkpoint: a chain no longer holds what the previous checkpoint recorded (kept the recorded leaf)');
    }
    return written;
  }
}
