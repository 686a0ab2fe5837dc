import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { jobIds, JOB_NAMES, QUEUE_NAMES, type DeliverNotificationJob, type HoldTimerJob, type RegulatoryTimerJob, type SlaTimerJob, type SlaTimerKind } from '@sentinel/contracts';
import { QueueFactory, type TypedQueue } from '@sentinel/queues';
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
  /** holds with an expiry: alarm and expiry timers (queue `hold-timers`) */
  holds?: Array<{ id: string; warnAt: Date | null; expiresAt: Date }>;
  /** regulatory clocks started: warning and due timers (queue `regulatory-timers`) */
  regulatory?: Array<{ id: string; warnAt: Date; dueAt: Date }>;
  /** alerts were raised: the worker routes them to their users' channels */
  alerts?: boolean;
}

/**
 * Enqueues wake-ups after commit. If Redis is down nothing is lost: the worker's relay and sweep
 * find pending notifications and due clocks in the database.
 */
@Injectable()
export class WakeupPublisher implements OnModuleDestroy {
  private readonly logger = new Logger(WakeupPublisher.name);
  private notifications?: TypedQueue<'notifications'>;
  private sla?: TypedQueue<'sla-timers'>;
  private holds?: TypedQueue<'hold-timers'>;
  private regulatory?: TypedQueue<'regulatory-timers'>;
  private alertChannels?: TypedQueue<'alert-channels'>;

  constructor(@Inject(APP_CONFIG) cfg: AppConfig, queues: QueueFactory) {
    if (!cfg.enqueueJobs) return;
    this.notifications = queues.queue(QUEUE_NAMES.notifications);
    this.sla = queues.queue(QUEUE_NAMES.slaTimers);
    this.holds = queues.queue(QUEUE_NAMES.holdTimers);
    this.regulatory = queues.queue(QUEUE_NAMES.regulatoryTimers);
    this.alertChannels = queues.queue(QUEUE_NAMES.alertChannels);
  }

  async publish(w: Wakeups, correlationId?: string): Promise<void> {
    if (!this.notifications || !this.sla || !this.holds || !this.regulatory) return;
    // One addBulk per queue (a batch's chunk wakes hundreds of timers; one Redis round trip per queue, not per job).
    const notifications: Parameters<TypedQueue<'notifications'>['addBulk']>[0] = [];
    const sla: Parameters<TypedQueue<'sla-timers'>['addBulk']>[0] = [];
    const holds: Parameters<TypedQueue<'hold-timers'>['addBulk']>[0] = [];
    const regulatory: Parameters<TypedQueue<'regulatory-timers'>['addBulk']>[0] = [];
    for (const n of w.notificationIds ?? []) {
      const data: DeliverNotificationJob = { notificationId: n.id, correlationId };
      notifications.push({ name: JOB_NAMES.deliver, data, opts: { jobId: jobIds.notification(n.id, n.generation ?? 1) } });
    }
    const now = Date.now();
    for (const c of w.clocks ?? []) {
      const timers: Array<[SlaTimerKind, Date | null]> = [['warning', c.warnAt], ['due', c.dueAt]];
      for (const [kind, at] of timers) {
        if (!at) continue;
        const data: SlaTimerJob = { clockId: c.id, kind, at: at.getTime() };
        sla.push({ name: JOB_NAMES.fire, data, opts: { jobId: jobIds.slaTimer(c.id, kind, at.getTime()), delay: Math.max(0, at.getTime() - now) } });
      }
    }
    for (const h of w.holds ?? []) {
      const timers: Array<[SlaTimerKind, Date | null]> = [['warning', h.warnAt], ['due', h.expiresAt]];
      for (const [kind, at] of timers) {
        if (!at) continue;
        const data: HoldTimerJob = { holdId: h.id, kind, at: at.getTime() };
        holds.push({ name: JOB_NAMES.fire, data, opts: { jobId: jobIds.holdTimer(h.id, kind, at.getTime()), delay: Math.max(0, at.getTime() - now) } });
      }
    }
    for (const r of w.regulatory ?? []) {
      const timers: Array<[SlaTimerKind, Date]> = [['warning', r.warnAt], ['due', r.dueAt]];
      for (const [kind, at] of timers) {
        const data: RegulatoryTimerJob = { clockId: r.id, kind, at: at.getTime() };
        regulatory.push({ name: JOB_NAMES.fire, data, opts: { jobId: jobIds.regulatoryTimer(r.id, kind, at.getTime()), delay: Math.max(0, at.getTime() - now) } });
      }
    }
    const jobs: Array<{ count: number; added: Promise<unknown> }> = [];
    if (notifications.length) jobs.push({ count: notifications.length, added: this.notifications.addBulk(notifications) });
    if (sla.length) jobs.push({ count: sla.length, added: this.sla.addBulk(sla) });
    if (holds.length) jobs.push({ count: holds.length, added: this.holds.addBulk(holds) });
    if (regulatory.length) jobs.push({ count: regulatory.length, added: this.regulatory.addBulk(regulatory) });
    if (w.alerts && this.alertChannels) {
      jobs.push({ count: 1, added: this.alertChannels.add(JOB_NAMES.dispatch, { correlationId }, { removeOnComplete: true, removeOnFail: 100 }) });
    }
    // Never hold a request on Redis: BullMQ waits for a connection indefinitely, and the sweep is the guarantee.
    const results = await Promise.allSettled(jobs.map((j) => withTimeout(j.added, PUBLISH_TIMEOUT_MS)));
    const failed = results.reduce((n, r, i) => n + (r.status === 'rejected' ? jobs[i].count : 0), 0);
    if (failed) this.logger.warn(`${failed} wake-up(s) not enqueued (Redis unavailable?); the worker sweep will pick them up`);
  }

  /** A delivery the API opened (the "send test" button): its first attempt now. */
  async publishAlertDelivery(deliveryId: string, dueAt: Date, correlationId?: string): Promise<void> {
    if (!this.alertChannels) return;
    const job = this.alertChannels.add(JOB_NAMES.deliver, { deliveryId, correlationId }, { jobId: jobIds.alertDelivery(deliveryId, 1, dueAt.getTime()) });
    await withTimeout(job, PUBLISH_TIMEOUT_MS).catch(() => this.logger.warn('test delivery not enqueued (Redis unavailable?); the worker sweep will pick it up'));
  }

  async onModuleDestroy(): Promise<void> {
    // Bounded: closing a queue whose Redis never answered would otherwise wait forever.
    await withTimeout(Promise.allSettled([this.notifications?.close(), this.sla?.close(), this.holds?.close(), this.regulatory?.close(), this.alertChannels?.close()]), 2000).catch(() => {
      this.notifications?.disconnect().catch(() => undefined);
      this.sla?.disconnect().catch(() => undefined);
      this.holds?.disconnect().catch(() => undefined);
      this.regulatory?.disconnect().catch(() => undefined);
      this.alertChannels?.disconnect().catch(() => undefined);
    });
  }
}
