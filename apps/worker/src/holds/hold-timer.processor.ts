import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { QUEUE_NAMES, type HoldTimerJob, type SlaTimerKind } from '@sentinel/contracts';
import { CaseWriter, HoldsRepository, type ClaimedMoments } from '@sentinel/persistence';
import { WORKER_LOGGER, type WorkerLogger } from '../common/logger';
import { WorkerQueues } from '../queues/worker-queues';
import { WorkerMetrics } from '../ops/worker-metrics';
import { TimerProcessor, timerLogQueue, type TimerSource } from '../timers/timer-processor';

/** What one wake-up did (the plan's outcome, with the case and the alerts actually raised). */
export type FireHoldResult =
  | { outcome: 'warned' | 'expired'; holdId: string; caseId: string; at: Date; moment: Date; lateMs: number; alertsRaised: number; notificationIds: string[] }
  | { outcome: 'not_yet'; holdId: string; caseId: string; kind: SlaTimerKind; nextAt: Date }
  | { outcome: 'skipped'; holdId: string; caseId?: string; reason: 'not_found' | 'not_active' | 'already_recorded' | 'no_expiry' };

/**
 * Queue `hold-timers`, job `{ holdId, kind }`: a wake-up only, with the guarantees of SLA timers (docs/api.md "Holds
 * and police orders", `TimerProcessor`). The `hold_timer` change runs through the write path: the hold's case is
 * loaded under its lock and the plan (libs/domain `planHoldTimer`) records the alarm or the expiry exactly once (hold
 * row, event, alerts, an acquirer hold's `hold.released` — one transaction), which goes to the bank after the commit.
 * The sweep and the database poll wake the same code path up for holds whose timers were lost.
 */
@Injectable()
export class HoldTimerProcessor extends TimerProcessor<HoldTimerJob, FireHoldResult> {
  protected readonly queue = QUEUE_NAMES.holdTimers;

  constructor(
    ds: DataSource,
    private readonly writer: CaseWriter,
    private readonly holdsRepo: HoldsRepository,
    queues: WorkerQueues,
    private readonly metrics: WorkerMetrics,
    @Inject(WORKER_LOGGER) log: WorkerLogger,
  ) {
    super(ds, queues, log);
  }

  protected subjectOf(job: HoldTimerJob): string {
    return job.holdId;
  }

  protected claimDue(tx: EntityManager, now: Date, limit: number, excludeCaseIds: string[]): Promise<ClaimedMoments> {
    return this.holdsRepo.claimDueMoments(tx, now, limit, excludeCaseIds);
  }

  protected async fireIn(tx: EntityManager, holdId: string, kind: SlaTimerKind, now: Date): Promise<FireHoldResult> {
    const done = await this.writer.change(tx, { holdId }, { kind: 'hold_timer', holdId, timer: kind }, now);
    const r = done?.plan.result;
    if (!done || r?.kind !== 'hold_timer') return { outcome: 'skipped', holdId, reason: 'not_found' };
    const caseId = done.state.id;
    switch (r.outcome) {
      case 'warned':
      case 'expired':
        return {
          outcome: r.outcome,
          holdId,
          caseId,
          at: now,
          moment: r.moment,
          lateMs: r.lateMs,
          alertsRaised: done.applied.alertsRaised,
          notificationIds: done.applied.wakeups.notificationIds.map((n) => n.id),
        };
      case 'not_yet':
        return { outcome: 'not_yet', holdId, caseId, kind: r.timer, nextAt: r.nextAt };
      case 'skipped':
        return { outcome: 'skipped', holdId, caseId, reason: r.reason };
    }
  }

  protected async committed(result: FireHoldResult, kind: SlaTimerKind, source: TimerSource, jobId?: string): Promise<void> {
    const log = this.log.child({ queue: timerLogQueue(this.queue, source), jobId, holdId: result.holdId, caseId: result.caseId });
    if (result.outcome === 'warned' || result.outcome === 'expired') {
      const type = result.outcome === 'warned' ? 'hold.expiring' : 'hold.expired';
      this.metrics.slaEvents.inc({ type, source });
      log[result.outcome === 'expired' ? 'warn' : 'info'](
        { type, source, lateMs: result.lateMs, moment: result.moment.toISOString(), alertsRaised: result.alertsRaised },
        result.outcome === 'expired' ? 'hold expired' : 'hold expiring soon',
      );
      // An acquirer hold's `hold.released` goes to the bank like any notification (the relay is the guarantee).
      for (const id of result.notificationIds) {
        await this.queues.enqueueDeliveryAttempt({ id, generation: 1 }, 1, 0).catch((e: Error) => log.warn({ outboxId: id, err: e.message }, 'hold notice not enqueued (Redis?); the relay picks it up'));
      }
    } else if (result.outcome === 'skipped') {
      this.metrics.jobsSkipped.inc({ queue: this.queue, reason: result.reason });
      log.debug({ kind, reason: result.reason, source }, 'hold wake-up skipped');
    }
  }
}
