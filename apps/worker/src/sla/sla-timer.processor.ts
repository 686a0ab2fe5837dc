import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { QUEUE_NAMES, type SlaTimerJob, type Stage } from '@sentinel/contracts';
import { CaseWriter, ClocksRepository, type ClaimedMoments } from '@sentinel/persistence';
import { WORKER_LOGGER, type WorkerLogger } from '../common/logger';
import { WorkerQueues } from '../queues/worker-queues';
import { WorkerMetrics } from '../ops/worker-metrics';
import { TimerProcessor, timerLogQueue, type TimerSource } from '../timers/timer-processor';

export type SlaMomentKind = 'warning' | 'due';

/** What one wake-up did (the plan's outcome, with the case and the alerts actually raised). */
export type FireClockResult =
  | { outcome: 'warned' | 'breached'; clockId: string; caseId: string; stage: Stage; at: Date; moment: Date; lateMs: number; alertsRaised: number }
  | { outcome: 'not_yet'; clockId: string; caseId: string; kind: SlaMomentKind; nextAt: Date }
  | { outcome: 'skipped'; clockId: string; caseId?: string; reason: 'not_found' | 'closed' | 'already_recorded' | 'no_warning' };

/**
 * Queue `sla-timers`, job `{ clockId, kind }`: a wake-up only (`TimerProcessor`). The `sla_timer` change runs through
 * the write path: the clock's case is loaded under its lock, the plan (libs/domain `planSlaTimer`) decides whether a
 * warning or breach is due and records it exactly once (clock, case SLA copy, event, alerts — one transaction).
 * The sweep and the database poll wake the same code path up for clocks whose timers were lost.
 */
@Injectable()
export class SlaTimerProcessor extends TimerProcessor<SlaTimerJob, FireClockResult> {
  protected readonly queue = QUEUE_NAMES.slaTimers;

  constructor(
    ds: DataSource,
    private readonly writer: CaseWriter,
    private readonly clocks: ClocksRepository,
    queues: WorkerQueues,
    private readonly metrics: WorkerMetrics,
    @Inject(WORKER_LOGGER) log: WorkerLogger,
  ) {
    super(ds, queues, log);
  }

  protected subjectOf(job: SlaTimerJob): string {
    return job.clockId;
  }

  protected claimDue(tx: EntityManager, now: Date, limit: number, excludeCaseIds: string[]): Promise<ClaimedMoments> {
    return this.clocks.claimDueMoments(tx, now, limit, excludeCaseIds);
  }

  protected async fireIn(tx: EntityManager, clockId: string, kind: SlaMomentKind, now: Date): Promise<FireClockResult> {
    const done = await this.writer.change(tx, { clockId }, { kind: 'sla_timer', clockId, timer: kind }, now);
    const r = done?.plan.result;
    if (!done || r?.kind !== 'sla_timer') return { outcome: 'skipped', clockId, reason: 'not_found' };
    const caseId = done.state.id;
    switch (r.outcome) {
      case 'warned':
      case 'breached':
        return { outcome: r.outcome, clockId, caseId, stage: r.stage, at: now, moment: r.moment, lateMs: r.lateMs, alertsRaised: done.applied.alertsRaised };
      case 'not_yet':
        return { outcome: 'not_yet', clockId, caseId, kind: r.timer, nextAt: r.nextAt };
      case 'skipped':
        return { outcome: 'skipped', clockId, caseId, reason: r.reason };
    }
  }

  protected async committed(result: FireClockResult, kind: SlaMomentKind, source: TimerSource, jobId?: string): Promise<void> {
    const log = this.log.child({ queue: timerLogQueue(this.queue, source), jobId, clockId: result.clockId, caseId: result.caseId });
    if (result.outcome === 'warned' || result.outcome === 'breached') {
      const type = result.outcome === 'warned' ? 'sla.warning' : 'sla.breached';
      this.metrics.slaEvents.inc({ type, source });
      this.metrics.slaLateness.observe({ type }, result.lateMs / 1000);
      log[result.outcome === 'breached' ? 'warn' : 'info'](
        { stage: result.stage, type, source, lateMs: result.lateMs, moment: result.moment.toISOString(), alertsRaised: result.alertsRaised },
        result.outcome === 'breached' ? 'SLA breached' : 'SLA warning',
      );
    } else if (result.outcome === 'skipped') {
      this.metrics.jobsSkipped.inc({ queue: this.queue, reason: result.reason });
      log.debug({ kind, reason: result.reason, source }, 'SLA wake-up skipped');
    }
  }
}
