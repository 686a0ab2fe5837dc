import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type QueueCounts = Record<string, Record<'waiting' | 'delayed' | 'active' | 'failed', number>>;

/**
 * Prometheus metrics of one worker instance (its own Registry, so several instances can live in one test process).
 * Queue depth is read from Redis at scrape time through `queueCounts`.
 */
export class WorkerMetrics {
  readonly registry = new Registry();
  readonly deliveryLatency: Histogram<'type'>;
  readonly deliveryAttempts: Counter<'outcome'>;
  readonly notificationsDead: Counter<never>;
  readonly jobsSkipped: Counter<'queue' | 'reason'>;
  readonly slaEvents: Counter<'type' | 'source'>;
  readonly slaLateness: Histogram<'type'>;
  readonly sweepDuration: Histogram<never>;
  readonly sweepItems: Counter<'kind'>;

  constructor(queueCounts: () => Promise<QueueCounts>) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'sn_worker_' });
    new Gauge({
      name: 'sn_worker_queue_jobs',
      help: 'Jobs per BullMQ queue and state (waiting, delayed, active, failed), read at scrape time',
      labelNames: ['queue', 'state'],
      registers,
      async collect() {
        this.reset();
        const counts = await queueCounts().catch(() => ({}) as QueueCounts);
        for (const [queue, byState] of Object.entries(counts)) {
          for (const [state, n] of Object.entries(byState)) this.set({ queue, state }, n);
        }
      },
    });
    this.deliveryLatency = new Histogram({
      name: 'sn_notification_delivery_latency_seconds',
      help: 'Seconds from a notification being written (outbox row created) to its delivery to the bank',
      labelNames: ['type'],
      buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1200, 3600],
      registers,
    });
    this.deliveryAttempts = new Counter({
      name: 'sn_notification_delivery_attempts_total',
      help: 'Bank delivery attempts by outcome (delivered, failed)',
      labelNames: ['outcome'],
      registers,
    });
    this.notificationsDead = new Counter({
      name: 'sn_notifications_dead_total',
      help: 'Notifications marked dead after the last attempt of their schedule',
      registers,
    });
    this.jobsSkipped = new Counter({
      name: 'sn_worker_jobs_skipped_total',
      help: 'Jobs that found nothing to do (already delivered, not due, clock closed, already recorded…)',
      labelNames: ['queue', 'reason'],
      registers,
    });
    this.slaEvents = new Counter({
      name: 'sn_sla_events_total',
      help: 'SLA events recorded (sla.warning, sla.breached) by what woke the worker (timer, sweep)',
      labelNames: ['type', 'source'],
      registers,
    });
    this.slaLateness = new Histogram({
      name: 'sn_sla_event_lateness_seconds',
      help: 'Seconds between an SLA moment (warn_at, due_at) and its recording',
      labelNames: ['type'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
      registers,
    });
    this.sweepDuration = new Histogram({
      name: 'sn_worker_sweep_duration_seconds',
      help: 'Duration of one maintenance sweep (relay, recovery, SLA, freeze notices)',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.sweepItems = new Counter({
      name: 'sn_worker_sweep_items_total',
      help: 'What sweeps did: relayed notifications, recovered stuck deliveries, SLA moments found, freeze notices alerted',
      labelNames: ['kind'],
      registers,
    });
  }
}
