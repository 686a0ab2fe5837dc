import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import { bullPrefix, jobIds, QUEUE_NAMES, type DeliverNotificationJob, type SlaTimerJob } from '@sentinel/contracts';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

const PUBLISH_TIMEOUT_MS = 1000;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from Redis within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/**
 * What a committed transaction wants woken up (the case writer's `Wakeups`, or a policy change's moved clocks).
 * The database rows are the truth; these are wake-up calls. A clock's `kind` picks its timers (stage clocks only so far).
 */
export interface Wakeups {
  notificationIds?: Array<{ id: string; generation?: number }>;
  clocks?: Array<{ id: string; kind?: 'stage'; warnAt: Date | null; dueAt: Date }>;
}

export { bullPrefix };

/**
 * Enqueues wake-ups after commit. If Redis is down nothing is lost: the worker's relay and sweep
 * find pending notifications and due clocks in the database.
 */
@Injectable()
export class WakeupPublisher implements OnModuleDestroy {
  private readonly logger = new Logger(WakeupPublisher.name);
  private notifications?: Queue;
  private sla?: Queue;

  constructor(@Inject(APP_CONFIG) private readonly cfg: AppConfig) {
    if (!cfg.enqueueJobs) return;
    const connection = { url: cfg.redisUrl, maxRetriesPerRequest: 1, enableOfflineQueue: false } as const;
    const prefix = bullPrefix(cfg.redisPrefix);
    this.notifications = new Queue(QUEUE_NAMES.notifications, { connection, prefix });
    this.sla = new Queue(QUEUE_NAMES.slaTimers, { connection, prefix });
    for (const q of [this.notifications, this.sla]) q.on('error', (e) => this.logger.warn(`queue ${q.name}: ${e.message}`));
  }

  async publish(w: Wakeups, correlationId?: string): Promise<void> {
    if (!this.notifications || !this.sla) return;
    const jobs: Promise<unknown>[] = [];
    for (const n of w.notificationIds ?? []) {
      const data: DeliverNotificationJob = { notificationId: n.id, correlationId };
      jobs.push(this.notifications.add('deliver', data, { jobId: jobIds.notification(n.id, n.generation ?? 1), removeOnComplete: 1000, removeOnFail: 5000 }));
    }
    const now = Date.now();
    for (const c of w.clocks ?? []) {
      const timers: Array<['warning' | 'due', Date | null]> = [['warning', c.warnAt], ['due', c.dueAt]];
      for (const [kind, at] of timers) {
        if (!at) continue;
        const data: SlaTimerJob = { clockId: c.id, kind, at: at.getTime() };
        jobs.push(
          this.sla.add('fire', data, { jobId: jobIds.slaTimer(c.id, kind, at.getTime()), delay: Math.max(0, at.getTime() - now), removeOnComplete: 1000, removeOnFail: 5000 }),
        );
      }
    }
    // Never hold a request on Redis: BullMQ waits for a connection indefinitely, and the sweep is the guarantee.
    const results = await Promise.allSettled(jobs.map((j) => withTimeout(j, PUBLISH_TIMEOUT_MS)));
    const failed = results.filter((r) => r.status === 'rejected').length;
    if (failed) this.logger.warn(`${failed} wake-up(s) not enqueued (Redis unavailable?); the worker sweep will pick them up`);
  }

  async onModuleDestroy(): Promise<void> {
    // Bounded: closing a queue whose Redis never answered would otherwise wait forever.
    await withTimeout(Promise.allSettled([this.notifications?.close(), this.sla?.close()]), 2000).catch(() => {
      this.notifications?.disconnect().catch(() => undefined);
      this.sla?.disconnect().catch(() => undefined);
    });
  }
}
