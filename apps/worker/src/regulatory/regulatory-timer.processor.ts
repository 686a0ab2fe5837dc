import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { QUEUE_NAMES, type RegulatoryKind, type RegulatoryTimerJob, type SlaTimerKind } from '@sentinel/contracts';
import { CaseWriter, RegulatoryRepository, type ClaimedMoments } from '@sentinel/persistence';
import { WORKER_LOGGER, type WorkerLogger } from '../common/logger';
import { WorkerQueues } from '../queues/worker-queues';
import { WorkerMetrics } from '../ops/worker-metrics';
import { TimerProcessor, timerLogQueue, type TimerSource } from '../timers/timer-processor';

export type FireRegulatoryResult =
  | { outcome: 'warned' | 'breached'; clockId: string; caseId: string; regulatoryKind: RegulatoryKind; at: Date; moment: Date; lateMs: number; alertsRaised: number }
  | { outcome: 'not_yet'; clockId: string; caseId: string; kind: SlaTimerKind; nextAt: Date }
  | { outcome: 'skipped'; clockId: string; caseId?: string; reason: 'not_found' | 'not_open' | 'already_recorded' };

/**
 * Queue `regulatory-timers`, job `{ clockId, kind }`: a wake-up only, on the guarantees of SLA timers (docs/api.md
 * "Regulatory clocks", `TimerProcessor`). The `regulatory_timer` change runs through the write path (libs/domain
 * `planRegulatoryTimer`): warning and breach recorded exactly once, also on a closed case. The sweep and the database
 * poll wake the same code path up for clocks whose timers were lost.
 */
@Injectable()
export class RegulatoryTimerProcessor extends TimerProcessor<RegulatoryTimerJob, FireRegulatoryResult> {
  protected readonly queue = QUEUE_NAMES.regulatoryTimers;

  constructor(
    ds: DataSource,
    private readonly writer: CaseWriter,
    private readonly regulatory: RegulatoryRepository,
    queues: WorkerQueues,
    private readonly metrics: WorkerMetrics,
    @Inject(WORKER_LOGGER) log: WorkerLogger,
  ) {
    super(ds, queues, log);
  }

  protected subjectOf(job: RegulatoryTimerJob): string {
    return job.clockId;
  }

  protected claimDue(tx: EntityManager, now: Date, limit: number, excludeCaseIds: string[]): Promise<ClaimedMoments> {
    return this.regulatory.claimDueMoments(tx, now, limit, excludeCaseIds);
  }

  protected async fireIn(tx: EntityManager, clockId: string, kind: SlaTimerKind, now: Date): Promise<FireRegulatoryResult> {
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
  }

  protected async committed(result: FireRegulatoryResult, _kind: SlaTimerKind, source: TimerSource, jobId?: string): Promise<void> {
    if (result.outcome === 'warned' || result.outcome === 'breached') {
      const log = this.log.child({ queue: timerLogQueue(this.queue, source), jobId, clockId: result.clockId, caseId: result.caseId });
      const type = result.outcome === 'warned' ? 'regulatory.warning' : 'regulatory.breached';
      this.metrics.slaEvents.inc({ type, source });
      log[result.outcome === 'breached' ? 'warn' : 'info'](
        { type, source, regulatoryKind: result.regulatoryKind, lateMs: result.lateMs, moment: result.moment.toISOString(), alertsRaised: result.alertsRaised },
        result.outcome === 'breached' ? 'regulatory deadline breached' : 'regulatory deadline close',
      );
    } else if (result.outcome === 'skipped') {
      this.metrics.jobsSkipped.inc({ queue: this.queue, reason: result.reason });
    }
  }
}
