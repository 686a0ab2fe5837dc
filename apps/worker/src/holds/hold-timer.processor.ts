import { Inject, Injectable } from '@nestjs/common';
import { DelayedError, type Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { jobIds, type HoldTimerJob, type SlaTimerKind } from '@sentinel/contracts';
import { CaseWriter } from '@sentinel/persistence';
import { WORKER_LOGGER, type WorkerLogger } from '../common/logger';
import { WorkerQueues } from '../queues/worker-queues';
import { WorkerMetrics } from '../ops/worker-metrics';

export type HoldWakeSource = 'timer' | 'sweep';

/** What one wake-up did (the plan's outcome, with the case and the alerts actually raised). */
export type FireHoldResult =
  | { outcome: 'warned' | 'expired'; holdId: string; caseId: string; at: Date; moment: Date; lateMs: number; alertsRaised: number; notificationIds: string[] }
  | { outcome: 'not_yet'; holdId: string; caseId: string; kind: SlaTimerKind; nextAt: Date }
  | { outcome: 'skipped'; holdId: string; caseId?: string; reason: 'not_found' | 'not_active' | 'already_recorded' | 'no_expiry' };

/**
 * Queue `hold-timers`, job `{ holdId, kind }`: a wake-up only, with the guarantees of SLA timers (docs/api.md "Holds
 * and police orders"). The worker runs the `hold_timer` change through the write path: the hold's case is loaded
 * under its lock and the plan (libs/domain `planHoldTimer`) records the alarm or the expiry exactly once (hold row,
 * event, alerts, an acquirer hold's `hold.released` — one transaction). The sweep calls `fire` for holds whose timers
 * were lost: the same code path. A job before its moment (a renewal moved it) re-arms a timer for the new moment.
 */
@Injectable()
export class HoldTimerProcessor {
  constructor(
    private readonly ds: DataSource,
    private readonly writer: CaseWriter,
    private readonly queues: WorkerQueues,
    private readonly metrics: WorkerMetrics,
    @Inject(WORKER_LOGGER) private readonly log: WorkerLogger,
  ) {}

  /** BullMQ entry point. */
  async handle(job: Job<HoldTimerJob>, token?: string): Promise<FireHoldResult> {
    const { holdId, kind } = job.data;
    const result = await this.fire(holdId, kind, 'timer', job.id);
    if (result.outcome === 'not_yet') {
      const sameId = jobIds.holdTimer(holdId, result.kind, result.nextAt.getTime()) === job.id;
      if (sameId && token) {
        await job.moveToDelayed(result.nextAt.getTime(), token);
        throw new DelayedError();
      }
      const rearmed = await this.queues.armHoldTimer(holdId, result.kind, result.nextAt);
      this.log.debug({ queue: 'hold-timers', jobId: job.id, holdId, caseId: result.caseId, kind, nextAt: result.nextAt.toISOString(), rearmed }, 'hold timer fired early; re-armed for the hold’s moment');
    }
    return result;
  }

  /** Records the moment a wake-up is for, if it has come. Safe to call any number of times, concurrently. */
  async fire(holdId: string, kind: SlaTimerKind, source: HoldWakeSource, jobId?: string): Promise<FireHoldResult> {
    const now = new Date();
    const result = await this.ds.transaction(async (tx): Promise<FireHoldResult> => {
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
    });
    const log = this.log.child({ queue: source === 'timer' ? 'hold-timers' : 'maintenance', jobId, holdId, caseId: 'caseId' in result ? result.caseId : undefined });
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
      this.metrics.jobsSkipped.inc({ queue: 'hold-timers', reason: result.reason });
      log.debug({ kind, reason: result.reason, source }, 'hold wake-up skipped');
    }
    return result;
  }
}
