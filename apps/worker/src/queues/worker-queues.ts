import { Inject, Injectable } from '@nestjs/common';
import { Queue, type ConnectionOptions, type Job } from 'bullmq';
import { bullPrefix, jobIds, QUEUE_NAMES, type DeliverNotificationJob, type QueueName, type SlaTimerJob } from '@sentinel/contracts';
import { WORKER_CONFIG, type WorkerConfig } from '../config/worker-config';
import { WORKER_LOGGER, type WorkerLogger } from '../common/logger';
import type { QueueCounts } from '../ops/worker-metrics';

/** Job names (the API adds `deliver` and `fire`; the maintenance scheduler adds `sweep`). */
export const JOB_NAMES = { deliver: 'deliver', fire: 'fire', sweep: 'sweep' } as const;
export const SWEEP_SCHEDULER_ID = 'sweep';

/** Job ids the worker adds besides the API's (`notif-<id>-<generation>` and `sla-<clock>-<kind>-<atMs>`). No ':'. */
export const workerJobIds = {
  /** Attempt n of a generation: attempt 1 is the API's id, later ones `notif-<id>-<gen>-a<n>`. */
  deliveryAttempt: (notificationId: string, generation: number, attemptNo: number) =>
    attemptNo <= 1 ? jobIds.notification(notificationId, generation) : `${jobIds.notification(notificationId, generation)}-a${attemptNo}`,
  /**
   * The relay's id for a row found due without a live job: deterministic in the row's state (generation, attempt,
   * next_attempt_at), so sweeps re-adding it are no-ops, while a row that changed state (recovered from a crash)
   * gets a fresh id instead of colliding with a completed job.
   */
  relay: (notificationId: string, generation: number, attemptNo: number, nextAttemptAtMs: number) =>
    `${workerJobIds.deliveryAttempt(notificationId, generation, attemptNo)}-r${nextAttemptAtMs}`,
};

const KEEP = { removeOnComplete: 1000, removeOnFail: 5000 } as const;
const LIVE_STATES = new Set(['waiting', 'delayed', 'prioritized', 'waiting-children']);

/** ioredis options for BullMQ: workers need maxRetriesPerRequest null (blocking commands). */
export function bullConnection(cfg: WorkerConfig, forWorker: boolean): ConnectionOptions {
  return forWorker
    ? ({ url: cfg.redisUrl, maxRetriesPerRequest: null } as ConnectionOptions)
    : ({ url: cfg.redisUrl, maxRetriesPerRequest: 1, enableOfflineQueue: false } as ConnectionOptions);
}

/**
 * The worker's producers: next delivery attempts, relayed deliveries, re-armed SLA timers, the sweep scheduler.
 * Adding fails fast when Redis is unreachable (no offline queue); callers log and rely on the sweep.
 */
@Injectable()
export class WorkerQueues {
  readonly notifications: Queue<DeliverNotificationJob>;
  readonly slaTimers: Queue<SlaTimerJob>;
  readonly maintenance: Queue;
  readonly prefix: string;

  constructor(
    @Inject(WORKER_CONFIG) private readonly cfg: WorkerConfig,
    @Inject(WORKER_LOGGER) private readonly log: WorkerLogger,
  ) {
    this.prefix = bullPrefix(cfg.redisPrefix);
    const connection = bullConnection(cfg, false);
    this.notifications = new Queue(QUEUE_NAMES.notifications, { connection, prefix: this.prefix });
    this.slaTimers = new Queue(QUEUE_NAMES.slaTimers, { connection, prefix: this.prefix });
    this.maintenance = new Queue(QUEUE_NAMES.maintenance, { connection, prefix: this.prefix });
    for (const q of this.all()) q.on('error', (e) => this.log.warn({ queue: q.name, err: e.message }, 'queue connection error'));
  }

  all(): Queue[] {
    return [this.notifications, this.slaTimers, this.maintenance] as Queue[];
  }

  /** Schedules attempt `attemptNo` of a generation after `delayMs`. */
  async enqueueDeliveryAttempt(n: { id: string; generation: number }, attemptNo: number, delayMs: number, correlationId?: string): Promise<string> {
    const jobId = workerJobIds.deliveryAttempt(n.id, n.generation, attemptNo);
    await this.notifications.add(JOB_NAMES.deliver, { notificationId: n.id, correlationId }, { jobId, delay: Math.max(0, delayMs), ...KEEP });
    return jobId;
  }

  /**
   * Relay: enqueues a due pending row unless its regular job for this attempt is still waiting or delayed.
   * An `active` job does not count as live (it may be a zombie of a killed worker; a duplicate just skips).
   * Returns the job id added, or null when a live job exists.
   */
  async relayDelivery(n: { id: string; generation: number; attemptCount: number; nextAttemptAt: Date | null }): Promise<string | null> {
    const attemptNo = n.attemptCount + 1;
    const regular = workerJobIds.deliveryAttempt(n.id, n.generation, attemptNo);
    const state = await this.notifications.getJobState(regular);
    if (LIVE_STATES.has(state)) return null;
    const jobId = workerJobIds.relay(n.id, n.generation, attemptNo, n.nextAttemptAt?.getTime() ?? 0);
    await this.notifications.add(JOB_NAMES.deliver, { notificationId: n.id }, { jobId, ...KEEP });
    return jobId;
  }

  /**
   * Arms an SLA timer for a clock's moment with the API's id scheme. A finished job with that id is removed first
   * (adding an existing id is a no-op in BullMQ); a waiting/delayed one is left as it is (already armed).
   */
  async armSlaTimer(clockId: string, kind: 'warning' | 'due', at: Date, now = Date.now()): Promise<string> {
    const jobId = jobIds.slaTimer(clockId, kind, at.getTime());
    const existing = await this.slaTimers.getJob(jobId);
    if (existing) {
      const state = await existing.getState();
      if (LIVE_STATES.has(state) || state === 'active') return jobId;
      await existing.remove().catch(() => undefined);
    }
    const data: SlaTimerJob = { clockId, kind, at: at.getTime() };
    await this.slaTimers.add(JOB_NAMES.fire, data, { jobId, delay: Math.max(0, at.getTime() - now), ...KEEP });
    return jobId;
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

export type AnyJob = Job<unknown, unknown, string>;
