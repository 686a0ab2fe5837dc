import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { jobIds, JOB_NAMES, QUEUE_NAMES, SWEEP_SCHEDULER_ID, type QueueName, type SlaTimerKind } from '@sentinel/contracts';
import { QueueFactory, type TypedQueue } from '@sentinel/queues';
import { WORKER_CONFIG, type WorkerConfig } from '../config/worker-config';
import type { QueueCounts } from '../ops/worker-metrics';

const LIVE_STATES = new Set(['waiting', 'delayed', 'prioritized', 'waiting-children']);

/** The queues of timers: a clock's or a hold's warning and due moments, wake-ups only (the rows are the truth). */
export type TimerQueueName = 'sla-timers' | 'hold-timers' | 'regulatory-timers';

/**
 * The worker's producers (built by the shared queue factory, libs/queues): next delivery attempts, relayed
 * deliveries, re-armed SLA timers, the sweep scheduler. Commands fail instead of queueing while Redis is away;
 * callers log and rely on the sweep.
 */
@Injectable()
export class WorkerQueues {
  readonly notifications: TypedQueue<'notifications'>;
  readonly slaTimers: TypedQueue<'sla-timers'>;
  readonly holdTimers: TypedQueue<'hold-timers'>;
  readonly regulatoryTimers: TypedQueue<'regulatory-timers'>;
  readonly maintenance: TypedQueue<'maintenance'>;
  readonly alertChannels: TypedQueue<'alert-channels'>;

  constructor(
    @Inject(WORKER_CONFIG) private readonly cfg: WorkerConfig,
    factory: QueueFactory,
  ) {
    this.notifications = factory.queue(QUEUE_NAMES.notifications);
    this.slaTimers = factory.queue(QUEUE_NAMES.slaTimers);
    this.holdTimers = factory.queue(QUEUE_NAMES.holdTimers);
    this.regulatoryTimers = factory.queue(QUEUE_NAMES.regulatoryTimers);
    this.maintenance = factory.queue(QUEUE_NAMES.maintenance);
    this.alertChannels = factory.queue(QUEUE_NAMES.alertChannels);
  }

  all(): Array<Pick<Queue, 'name' | 'getJobCounts' | 'close'>> {
    return [this.notifications, this.slaTimers, this.holdTimers, this.regulatoryTimers, this.maintenance, this.alertChannels];
  }

  /** Schedules attempt `attemptNo` of a generation after `delayMs`. */
  async enqueueDeliveryAttempt(n: { id: string; generation: number }, attemptNo: number, delayMs: number, correlationId?: string): Promise<string> {
    const jobId = jobIds.deliveryAttempt(n.id, n.generation, attemptNo);
    await this.notifications.add(JOB_NAMES.deliver, { notificationId: n.id, correlationId }, { jobId, delay: Math.max(0, delayMs) });
    return jobId;
  }

  /**
   * Relay: enqueues a due pending row unless its regular job for this attempt is still waiting or delayed.
   * An `active` job does not count as live (it may be a zombie of a killed worker; a duplicate just skips).
   * Returns the job id added, or null when a live job exists.
   */
  async relayDelivery(n: { id: string; generation: number; attemptCount: number; nextAttemptAt: Date | null }): Promise<string | null> {
    const attemptNo = n.attemptCount + 1;
    const regular = jobIds.deliveryAttempt(n.id, n.generation, attemptNo);
    const state = await this.notifications.getJobState(regular);
    if (LIVE_STATES.has(state)) return null;
    const jobId = jobIds.relay(n.id, n.generation, attemptNo, n.nextAttemptAt?.getTime() ?? 0);
    // The relay id is deterministic: a relay job of this id that already ran (e.g. it failed while PostgreSQL was
    // away) would make the add a no-op forever and leave the row pending. Remove a finished one first.
    const existing = await this.notifications.getJob(jobId);
    if (existing) {
      const relayState = await existing.getState();
      if (LIVE_STATES.has(relayState) || relayState === 'active') return null;
      await existing.remove().catch(() => undefined);
    }
    await this.notifications.add(JOB_NAMES.deliver, { notificationId: n.id }, { jobId });
    return jobId;
  }

  /**
   * Arms a timer (an SLA clock's, a hold's or a regulatory clock's warning or due moment) with the API's id scheme
   * (`jobIds.slaTimer` / `holdTimer` / `regulatoryTimer`). A finished job with that id is removed first (adding an
   * existing id is a no-op in BullMQ); a waiting, delayed or active one is left as it is (already armed).
   */
  async armTimer(queue: TimerQueueName, subjectId: string, kind: SlaTimerKind, at: Date, now = Date.now()): Promise<string> {
    const atMs = at.getTime();
    const opts = (jobId: string) => ({ jobId, delay: Math.max(0, atMs - now) });
    switch (queue) {
      case 'sla-timers':
        return this.armOnce(this.slaTimers, jobIds.slaTimer(subjectId, kind, atMs), (id) => this.slaTimers.add(JOB_NAMES.fire, { clockId: subjectId, kind, at: atMs }, opts(id)));
      case 'hold-timers':
        return this.armOnce(this.holdTimers, jobIds.holdTimer(subjectId, kind, atMs), (id) => this.holdTimers.add(JOB_NAMES.fire, { holdId: subjectId, kind, at: atMs }, opts(id)));
      case 'regulatory-timers':
        return this.armOnce(this.regulatoryTimers, jobIds.regulatoryTimer(subjectId, kind, atMs), (id) =>
          this.regulatoryTimers.add(JOB_NAMES.fire, { clockId: subjectId, kind, at: atMs }, opts(id)),
        );
    }
  }

  private async armOnce(queue: Pick<Queue, 'getJob'>, jobId: string, add: (jobId: string) => Promise<unknown>): Promise<string> {
    const existing = await queue.getJob(jobId);
    if (existing) {
      const state = await existing.getState();
      if (LIVE_STATES.has(state) || state === 'active') return jobId;
      await existing.remove().catch(() => undefined);
    }
    await add(jobId);
    return jobId;
  }

  /** The job of a delivery's next attempt, at its `nextAttemptAt`. */
  async enqueueAlertDelivery(d: { id: string; attemptCount: number; nextAttemptAt: Date }, correlationId?: string): Promise<string> {
    const jobId = jobIds.alertDelivery(d.id, d.attemptCount + 1, d.nextAttemptAt.getTime());
    await this.alertChannels.add(JOB_NAMES.deliver, { deliveryId: d.id, correlationId }, { jobId, delay: Math.max(0, d.nextAttemptAt.getTime() - Date.now()) });
    return jobId;
  }

  /** Relay of a due delivery: its regular job unless that one is still live (same rule as bank deliveries). */
  async relayAlertDelivery(d: { id: string; attemptCount: number; nextAttemptAt: Date }): Promise<string | null> {
    const regular = jobIds.alertDelivery(d.id, d.attemptCount + 1, d.nextAttemptAt.getTime());
    if (LIVE_STATES.has(await this.alertChannels.getJobState(regular))) return null;
    const jobId = `${regular}-r`;
    const existing = await this.alertChannels.getJob(jobId);
    if (existing && !LIVE_STATES.has(await existing.getState())) await existing.remove().catch(() => undefined);
    else if (existing) return null;
    await this.alertChannels.add(JOB_NAMES.deliver, { deliveryId: d.id }, { jobId });
    return jobId;
  }

  /** Asks for a dispatch of newly raised alerts to their channels. */
  async requestAlertDispatch(correlationId?: string): Promise<void> {
    await this.alertChannels.add(JOB_NAMES.dispatch, { correlationId }, { removeOnComplete: true, removeOnFail: 100 });
  }

  /** Creates or refreshes the sweep's job scheduler (idempotent; every replica may call it). */
  async ensureSweepScheduler(): Promise<void> {
    await this.maintenance.upsertJobScheduler(
      SWEEP_SCHEDULER_ID,
      { every: this.cfg.sweepIntervalMs },
      { name: JOB_NAMES.sweep, data: {}, opts: { removeOnComplete: 50, removeOnFail: 200 } },
    );
  }

  async counts(): Promise<QueueCounts> {
    const out: QueueCounts = {};
    await Promise.all(
      this.all().map(async (q) => {
        const c = await q.getJobCounts('waiting', 'delayed', 'active', 'failed');
        out[q.name as QueueName] = { waiting: c.waiting ?? 0, delayed: c.delayed ?? 0, active: c.active ?? 0, failed: c.failed ?? 0 };
      }),
    );
    return out;
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.all().map((q) => q.close()));
  }
}
