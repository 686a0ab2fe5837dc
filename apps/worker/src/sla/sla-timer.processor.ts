import { Inject, Injectable } from '@nestjs/common';
import { DelayedError, type Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { jobIds, type SlaTimerJob, type Stage } from '@sentinel/contracts';
import { CaseWriter, ClocksRepository } from '@sentinel/persistence';
import type { EntityManager } from 'typeorm';
import { WORKER_LOGGER, type WorkerLogger } from '../common/logger';
import { WorkerQueues } from '../queues/worker-queues';
import { WorkerMetrics } from '../ops/worker-metrics';

export type SlaWakeSource = 'timer' | 'sweep' | 'poll';
export type SlaMomentKind = 'warning' | 'due';

/** What one wake-up did (the plan's outcome, with the case and the alerts actually raised). */
export type FireClockResult =
  | { outcome: 'warned' | 'breached'; clockId: string; caseId: string; stage: Stage; at: Date; moment: Date; lateMs: number; alertsRaised: number }
  | { outcome: 'not_yet'; clockId: string; caseId: string; kind: SlaMomentKind; nextAt: Date }
  | { outcome: 'skipped'; clockId: string; caseId?: string; reason: 'not_found' | 'closed' | 'already_recorded' | 'no_warning' };

/**
 * Queue `sla-timers`, job `{ clockId, kind }`: a wake-up only. The worker runs the `sla_timer` change through the
 * write path: the clock's case is loaded under its lock, the plan (libs/domain `planSlaTimer`) decides whether a
 * warning or breach is due and records it exactly once (clock, case SLA copy, event, alerts — one transaction).
 * The sweep calls `fire` for clocks whose timers were lost: the same code path.
 *
 * A job that comes before its moment (a policy change moved it later) re-arms a timer for the new moment: under
 * the API's id scheme `sla-<clock>-<kind>-<atMs>` (a finished job with that id is removed first), or, when that
 * id is this very job (host clocks disagree by a few ms), by moving this job to delayed.
 */
@Injectable()
export class SlaTimerProcessor {
  constructor(
    private readonly ds: DataSource,
    private readonly writer: CaseWriter,
    private readonly clocks: ClocksRepository,
    private readonly queues: WorkerQueues,
    private readonly metrics: WorkerMetrics,
    @Inject(WORKER_LOGGER) private readonly log: WorkerLogger,
  ) {}

  /** BullMQ entry point. */
  async handle(job: Job<SlaTimerJob>, token?: string): Promise<FireClockResult> {
    const { clockId, kind } = job.data;
    const result = await this.fire(clockId, kind, 'timer', job.id);
    if (result.outcome === 'not_yet') {
      const sameId = jobIds.slaTimer(clockId, result.kind, result.nextAt.getTime()) === job.id;
      if (sameId && token) {
        await job.moveToDelayed(result.nextAt.getTime(), token);
        throw new DelayedError();
      }
      const rearmed = await this.queues.armSlaTimer(clockId, result.kind, result.nextAt);
      this.log.info({ queue: 'sla-timers', jobId: job.id, clockId, caseId: result.caseId, kind, nextAt: result.nextAt.toISOString(), rearmed }, 'SLA timer fired early; re-armed for the clock’s moment');
    }
    return result;
  }

  /** Records the moment a wake-up is for, if it has come. Safe to call any number of times, concurrently. */
  async fire(clockId: string, kind: SlaMomentKind, source: SlaWakeSource, jobId?: string): Promise<FireClockResult> {
    const now = new Date();
    const result = await this.ds.transaction((tx) => this.fireIn(tx, clockId, kind, now));
    this.record(result, kind, source, jobId);
    return result;
  }

  /**
   * The timer poller's step (the database is the truth; Redis may have lost the job): claims the earliest due moment
   * whose case no other worker holds and records it in the same transaction. null when nothing is due.
   */
  async fireNextDue(exclude: string[] = []): Promise<FireClockResult | null> {
    const now = new Date();
    const claimed = await this.ds.transaction(async (tx) => {
      const m = await this.clocks.claimDueMoment(tx, now, exclude);
      return m ? { kind: m.kind, result: await this.fireIn(tx, m.clockId, m.kind, now) } : null;
    });
    if (claimed) this.record(claimed.result, claimed.kind, 'poll');
    return claimed?.result ?? null;
  }

  private async fireIn(tx: EntityManager, clockId: string, kind: SlaMomentKind, now: Date): Promise<FireClockResult> {
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

  private record(result: FireClockResult, kind: SlaMomentKind, source: SlaWakeSource, jobId?: string): void {
    const log = this.log.child({ queue: source === 'timer' ? 'sla-timers' : source === 'poll' ? 'timer-poll' : 'maintenance', jobId, clockId: result.clockId, caseId: 'caseId' in result ? result.caseId : undefined });
    if (result.outcome === 'warned' || result.outcome === 'breached') {
      const type = result.outcome === 'warned' ? 'sla.warning' : 'sla.breached';
      this.metrics.slaEvents.inc({ type, source });
      this.metrics.slaLateness.observe({ type }, result.lateMs / 1000);
      log[result.outcome === 'breached' ? 'warn' : 'info'](
        { stage: result.stage, type, source, lateMs: result.lateMs, moment: result.moment.toISOString(), alertsRaised: result.alertsRaised },
        result.outcome === 'breached' ? 'SLA breached' : 'SLA warning',
      );
    } else if (result.outcome === 'skipped') {
      this.metrics.jobsSkipped.inc({ queue: 'sla-timers', reason: result.reason });
      log.debug({ kind, reason: result.reason, source }, 'SLA wake-up skipped');
    }
  }
}
