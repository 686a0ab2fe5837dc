import { Inject, Injectable } from '@nestjs/common';
import { DelayedError, type Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { jobIds, type RegulatoryKind, type RegulatoryTimerJob, type SlaTimerKind } from '@sentinel/contracts';
import { CaseWriter } from '@sentinel/persistence';
import { WORKER_LOGGER, type WorkerLogger } from '../common/logger';
import { WorkerQueues } from '../queues/worker-queues';
import { WorkerMetrics } from '../ops/worker-metrics';

export type FireRegulatoryResult =
  | { outcome: 'warned' | 'breached'; clockId: string; caseId: string; regulatoryKind: RegulatoryKind; at: Date; moment: Date; lateMs: number; alertsRaised: number }
  | { outcome: 'not_yet'; clockId: string; caseId: string; kind: SlaTimerKind; nextAt: Date }
  | { outcome: 'skipped'; clockId: string; caseId?: string; reason: 'not_found' | 'not_open' | 'already_recorded' };

/**
 * Queue `regulatory-timers`, job `{ clockId, kind }`: a wake-up only, on the guarantees of SLA timers (docs/api.md
 * "Regulatory clocks"). The `regulatory_timer` change runs through the write path (libs/domain
 * `planRegulatoryTimer`): warning and breach recorded exactly once, also on a closed case. The sweep calls `fire`
 * for clocks whose timers were lost; an early job re-arms a timer for the clock's moment.
 */
@Injectable()
export class RegulatoryTimerProcessor {
  constructor(
    private readonly ds: DataSource,
    private readonly writer: CaseWriter,
    private readonly queues: WorkerQueues,
    private readonly metrics: WorkerMetrics,
    @Inject(WORKER_LOGGER) private readonly log: WorkerLogger,
  ) {}

  async handle(job: Job<RegulatoryTimerJob>, token?: string): Promise<FireRegulatoryResult> {
    const { clockId, kind } = job.data;
    const result = await this.fire(clockId, kind, 'timer', job.id);
    if (result.outcome === 'not_yet') {
      const sameId = jobIds.regulatoryTimer(clockId, result.kind, result.nextAt.getTime()) === job.id;
      if (sameId && token) {
        await job.moveToDelayed(result.nextAt.getTime(), token);
        throw new DelayedError();
      }
      await this.queues.armRegulatoryTimer(clockId, result.kind, result.nextAt);
    }
    return result;
  }

  /** Records the moment a wake-up is for, if it has come. Safe to call any number of times, concurrently. */
  async fire(clockId: string, kind: SlaTimerKind, source: 'timer' | 'sweep', jobId?: string): Promise<FireRegulatoryResult> {
    const now = new Date();
    const result = await this.ds.transaction(async (tx): Promise<FireRegulatoryResult> => {
      const done = await this.writer.change(tx, { regulatoryClockId: clockId }, { kind: 'regulatory_timer', clockId, timer: kind }, now);
      const r = done?.plan.result;
      if (!done || r?.kind !== 'regulatory_timer') return { outcome: 'skipped', clockId, reason: 'not_found' };
      const caseId = done.state.id;
      switch (r.outcome) {
        case 'warned':
        case 'breached':
          return { outcome: r.outcome, clockId, caseId, regulatoryKind: r.regulatoryKind, at: now, moment: r.moment, lateMs: r.lateMs, alertsRaised: done.applied.alertsRaised };
        case 'not_yet':
          return { outcome: 'not_yet', clockId, caseId, kind: r.timer, nextAt: r.nextAt };
        case 'skipped':
          return { outcome: 'skipped', clockId, caseId, reason: r.reason };
      }
    });
    const log = this.log.child({ queue: source === 'timer' ? 'regulatory-timers' : 'maintenance', jobId, clockId, caseId: 'caseId' in result ? result.caseId : undefined });
    if (result.outcome === 'warned' || result.outcome === 'breached') {
      const type = result.outcome === 'warned' ? 'regulatory.warning' : 'regulatory.breached';
      this.metrics.slaEvents.inc({ type, source });
      log[result.outcome === 'breached' ? 'warn' : 'info'](
        { type, source, regulatoryKind: result.regulatoryKind, lateMs: result.lateMs, moment: result.moment.toISOString(), alertsRaised: result.alertsRaised },
        result.outcome === 'breached' ? 'regulatory deadline breached' : 'regulatory deadline close',
      );
    } else if (result.outcome === 'skipped') {
      this.metrics.jobsSkipped.inc({ queue: 'regulatory-timers', reason: result.reason });
    }
    return result;
  }
}
