import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Worker } from 'bullmq';
import type { Server } from 'node:http';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { ALL_QUEUE_NAMES, JOB_NAMES, QUEUE_NAMES, SWEEP_SCHEDULER_ID } from '@sentinel/contracts';
import { MaintenanceRepository } from '@sentinel/persistence';
import { QueueFactory } from '@sentinel/queues';
import { WORKER_CONFIG, type WorkerConfig } from './config/worker-config';
import { WORKER_LOGGER, type WorkerLogger } from './common/logger';
import { WORKER_REDIS } from './common/infra.module';
import { WorkerQueues } from './queues/worker-queues';
import { BankNotificationProcessor } from './bank-notifications/bank-notification.processor';
import { SlaTimerProcessor } from './sla/sla-timer.processor';
import { HoldTimerProcessor } from './holds/hold-timer.processor';
import { RegulatoryTimerProcessor } from './regulatory/regulatory-timer.processor';
import { SweepService } from './maintenance/sweep.service';
import { TimerPoller } from './timers/timer-poller';
import { WorkerMetrics } from './ops/worker-metrics';
import { AlertChannelsProcessor } from './alert-channels/alert-channels.processor';
import { probe, startOpsServer, type HealthReport } from './ops/ops-server';

/** The watchdog runs the sweep itself when the scheduler has not run one for this many intervals. */
const WATCHDOG_MISSED_INTERVALS = 3;
/** After aborting in-flight HTTP calls, how long their attempts get to be recorded before a forced close. */
const ABORT_GRACE_MS = 3000;

/**
 * Owns the BullMQ workers, the sweep scheduler and watchdog, the ops HTTP server, and the shutdown order:
 * stop taking jobs → let in-flight jobs finish (WORKER_SHUTDOWN_TIMEOUT_MS) → abort HTTP calls still running (their
 * attempts are recorded as failed and rescheduled) → force-close → close queues and ops servers; the pool and Redis
 * close after this (InfraModule.onApplicationShutdown). A job still running at a forced close leaves its row
 * `delivering`: the sweep recovers it, so nothing is lost.
 */
@Injectable()
export class WorkerRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private workers: Worker[] = [];
  private servers: Server[] = [];
  private watchdog?: NodeJS.Timeout;
  private lastSweepStartedAt = Date.now();
  private localSweep?: Promise<unknown>;
  private stopping = false;
  /** Bound ports of the ops endpoints (0 = not served), for tests and logs. */
  readonly ports = { metrics: 0, health: 0 };

  constructor(
    private readonly ds: DataSource,
    private readonly maintenance: MaintenanceRepository,
    @Inject(WORKER_REDIS) private readonly redis: Redis,
    private readonly queues: WorkerQueues,
    private readonly factory: QueueFactory,
    private readonly notifications: BankNotificationProcessor,
    private readonly sla: SlaTimerProcessor,
    private readonly holds: HoldTimerProcessor,
    private readonly regulatory: RegulatoryTimerProcessor,
    private readonly sweep: SweepService,
    private readonly poller: TimerPoller,
    private readonly metrics: WorkerMetrics,
    private readonly alertChannels: AlertChannelsProcessor,
    @Inject(WORKER_CONFIG) private readonly cfg: WorkerConfig,
    @Inject(WORKER_LOGGER) private readonly log: WorkerLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.startOpsServers();
    const deliveries = this.factory.worker(QUEUE_NAMES.notifications, async (job) => this.notifications.process(job.data, job.id), {
      concurrency: this.cfg.concurrency,
    });
    const timers = this.factory.worker(QUEUE_NAMES.slaTimers, async (job, token) => this.sla.handle(job, token), { concurrency: this.cfg.concurrency });
    const holdTimers = this.factory.worker(QUEUE_NAMES.holdTimers, async (job, token) => this.holds.handle(job, token), { concurrency: this.cfg.concurrency });
    const regulatoryTimers = this.factory.worker(QUEUE_NAMES.regulatoryTimers, async (job, token) => this.regulatory.handle(job, token), {
      concurrency: this.cfg.concurrency,
    });
    const maintenance = this.factory.worker(
      QUEUE_NAMES.maintenance,
      async (job) => {
        if (job.name !== JOB_NAMES.sweep) return { ignored: job.name };
        this.lastSweepStartedAt = Date.now();
        return this.sweep.run('scheduler', job.id);
      },
      { concurrency: 1 },
    );
    const channels = this.factory.worker(
      QUEUE_NAMES.alertChannels,
      async (job) => (job.name === JOB_NAMES.dispatch ? this.alertChannels.dispatch(job.data.correlationId) : this.alertChannels.deliver(job.data as { deliveryId: string }, job.id)),
      { concurrency: this.cfg.concurrency },
    );
    // A job that raised alerts (a breach, a dead notification) asks for their dispatch to the channels at once; the
    // sweep dispatches anyway.
    const raisedAlerts = (r: unknown) => {
      const v = r as { alertsRaised?: number; outcome?: string } | undefined;
      // hold alarms and expiries, regulatory warnings and breaches always alert
      return (v?.alertsRaised ?? 0) > 0 || ['dead', 'warned', 'expired', 'breached'].includes(v?.outcome ?? '');
    };
    for (const w of [deliveries, timers, holdTimers, regulatoryTimers] as unknown as Worker[]) {
      w.on('completed', (job, result) => {
        if (raisedAlerts(result)) this.queues.requestAlertDispatch(job.data?.correlationId).catch(() => undefined);
      });
    }
    // Typed per queue when built; held together only to be started, watched and closed.
    this.workers = [deliveries, timers, holdTimers, regulatoryTimers, maintenance, channels] as unknown as Worker[];
    for (const w of this.workers) {
      w.on('failed', (job, e) => this.log.error({ queue: w.name, jobId: job?.id, err: e.message, stack: e.stack }, 'job failed'));
      w.on('stalled', (jobId) => this.log.warn({ queue: w.name, jobId }, 'job stalled (its worker died?); BullMQ moved it back'));
      void w.run().catch((e: Error) => this.log.error({ queue: w.name, err: e.message }, 'worker stopped with an error'));
    }

    if (this.cfg.sweepEnabled) {
      // Timers do not depend on Redis surviving: due moments are claimed from the database at once and every
      // TIMER_POLL_MS, before anything here waits on Redis.
      this.poller.start();
      await this.queues.ensureSweepScheduler().catch((e: Error) => this.log.warn({ err: e.message }, 'sweep scheduler not registered (Redis?); the watchdog sweeps meanwhile'));
      this.runLocalSweep('startup');
      this.watchdog = setInterval(() => this.checkSweep(), this.cfg.sweepIntervalMs);
      this.watchdog.unref();
    }
    this.log.info(
      {
        queues: ALL_QUEUE_NAMES,
        prefix: this.factory.prefix,
        concurrency: this.cfg.concurrency,
        deliveryScheduleMs: this.cfg.deliveryScheduleMs,
        deliveryTimeoutMs: this.cfg.deliveryTimeoutMs,
        alertDeliveryScheduleMs: this.cfg.alertDeliveryScheduleMs,
        email: this.cfg.smtpUrl ? 'smtp' : 'off (SMTP_URL unset)',
        sweepIntervalMs: this.cfg.sweepEnabled ? this.cfg.sweepIntervalMs : null,
        timerPollMs: this.cfg.sweepEnabled ? this.cfg.timerPollMs || null : null,
        metricsPort: this.ports.metrics || null,
        healthPort: this.ports.health || null,
      },
      'worker started',
    );
  }

  /** Nest calls this on app.close() (SIGTERM/SIGINT in main.ts), before the pool and Redis close. */
  async beforeApplicationShutdown(signal?: string): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.log.info({ signal }, 'worker stopping: no new jobs; waiting for in-flight jobs');
    if (this.watchdog) clearInterval(this.watchdog);
    await this.poller.stop();
    const closing = Promise.allSettled(this.workers.map((w) => w.close()));
    const finished = await withTimeout(closing, this.cfg.shutdownTimeoutMs);
    if (!finished) {
      const aborted = this.notifications.abortInFlight() + this.alertChannels.abortInFlight();
      this.log.warn({ aborted }, 'in-flight jobs still running after the shutdown timeout: aborted their HTTP calls');
      if (!(await withTimeout(closing, ABORT_GRACE_MS))) {
        await Promise.allSettled(this.workers.map((w) => w.close(true)));
        this.log.warn('forced close: rows still delivering are recovered by the next sweep');
      }
    }
    await this.localSweep?.catch(() => undefined);
    await this.queues.close();
    await Promise.allSettled(this.servers.map((s) => new Promise((r) => s.close(r))));
    this.log.info('worker stopped');
  }

  /** For tests: run one sweep now, in this process (the advisory lock still applies). */
  async sweepNow(): Promise<unknown> {
    this.lastSweepStartedAt = Date.now();
    return this.sweep.run('watchdog');
  }

  /**
   * Watchdog: when no scheduled sweep ran here for a few intervals, look at the scheduler in Redis. Another replica
   * advancing it (its next run is near) is fine; a missing scheduler (Redis flushed) or an unreachable Redis means
   * sweeping locally now (SLA breaches need only PostgreSQL) and re-registering the scheduler.
   */
  private checkSweep(): void {
    if (this.stopping || this.localSweep) return;
    const interval = this.cfg.sweepIntervalMs;
    if (Date.now() - this.lastSweepStartedAt < WATCHDOG_MISSED_INTERVALS * interval) return;
    this.queues.maintenance
      .getJobScheduler(SWEEP_SCHEDULER_ID)
      .then((s) => (s?.next && s.next >= Date.now() - 2 * interval ? 'alive' : 'missing'))
      .catch(() => 'unreachable' as const)
      .then((state) => {
        if (state === 'alive' || this.stopping || this.localSweep) return;
        this.log.warn({ queue: 'maintenance', scheduler: state }, 'no scheduled sweep lately (Redis flushed or down?): sweeping locally, re-registering the scheduler');
        this.runLocalSweep('watchdog');
        this.queues.ensureSweepScheduler().catch((e: Error) => this.log.warn({ err: e.message }, 'sweep scheduler not registered (Redis?)'));
      });
  }

  private runLocalSweep(trigger: 'startup' | 'watchdog'): void {
    this.lastSweepStartedAt = Date.now();
    this.localSweep = this.sweep
      .run(trigger)
      .catch((e: Error) => this.log.error({ queue: 'maintenance', trigger, err: e.message }, 'sweep failed'))
      .finally(() => (this.localSweep = undefined));
  }

  private async health(): Promise<HealthReport> {
    const [db, redis] = await Promise.all([probe(() => this.maintenance.ping(this.ds)), probe(() => this.redis.ping())]);
    const queues = redis === 'up' ? await this.queues.counts().catch(() => undefined) : undefined;
    return { status: db === 'up' && redis === 'up' ? 'ok' : 'degraded', db, redis, ...(queues ? { queues } : {}) };
  }

  private async startOpsServers(): Promise<void> {
    const handlers = {
      health: () => this.health(),
      metrics: async () => ({ contentType: this.metrics.registry.contentType, body: await this.metrics.registry.metrics() }),
    };
    const { metricsPort, healthPort, opsHost } = this.cfg;
    if (metricsPort !== undefined) {
      const s = await startOpsServer(metricsPort, opsHost, handlers);
      this.servers.push(s.server);
      this.ports.metrics = s.port;
      // The metrics server answers /health too.
      if (healthPort === undefined || healthPort === metricsPort) this.ports.health = s.port;
    }
    if (healthPort !== undefined && healthPort !== metricsPort) {
      const s = await startOpsServer(healthPort, opsHost, handlers);
      this.servers.push(s.server);
      this.ports.health = s.port;
    }
  }
}

async function withTimeout(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((r) => (timer = setTimeout(() => r(false), ms)));
  try {
    return await Promise.race([p.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
