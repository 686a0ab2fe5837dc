import { Injectable, Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { STAGES } from '@sentinel/contracts';
import { OperationsRepository, type NotificationStatusCount, type OpenClockCount } from '@sentinel/persistence';
import { OpsQueues } from './ops-queues';

/** Database figures are cached this long: a scrape every 15 s costs at most one round of cheap queries. */
const DB_STATS_TTL_MS = 10_000;
const QUEUE_TIMEOUT_MS = 2_000;
const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed', 'completed'] as const;

interface DbStats {
  breachesByStage: Map<string, number>;
  openClocks: OpenClockCount[];
  notifications: NotificationStatusCount[];
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

/**
 * Prometheus metrics of the API process (prom-client, a registry of its own): HTTP request durations by route,
 * process metrics, BullMQ queue depths read at scrape time, and SLA / notification figures from the database.
 */
@Injectable()
export class MetricsService {
  private readonly logger = new Logger(MetricsService.name);
  readonly registry = new Registry();
  private readonly http: Histogram<'method' | 'route' | 'status_code'>;
  private dbStats?: { at: number; value: Promise<DbStats> };

  constructor(
    private readonly ds: DataSource,
    private readonly queues: OpsQueues,
    private readonly figures: OperationsRepository,
  ) {
    this.registry.setDefaultLabels({ app: 'sentinel-api' });
    collectDefaultMetrics({ register: this.registry });
    this.http = new Histogram({
      name: 'sentinel_http_request_duration_seconds',
      help: 'HTTP request duration by route pattern, method and status',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    const queueJobs: Gauge<'queue' | 'state'> = new Gauge({
      name: 'sentinel_queue_jobs',
      help: 'BullMQ jobs per queue and state, read at scrape time',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      collect: async () => {
        queueJobs.reset();
        await Promise.all(
          this.queues.all().map(async (q) => {
            try {
              const counts = await withTimeout(q.getJobCounts(...JOB_STATES), QUEUE_TIMEOUT_MS);
              for (const s of JOB_STATES) queueJobs.set({ queue: q.name, state: s }, counts[s] ?? 0);
            } catch (e) {
              this.logger.warn(`queue depth of ${q.name} unavailable: ${(e as Error).message}`);
            }
          }),
        );
      },
    });
    const breaches: Counter<'stage'> = new Counter({
      name: 'sentinel_sla_breaches_total',
      help: 'SLA clocks that breached, per stage (counted in the database at scrape time)',
      labelNames: ['stage'],
      registers: [this.registry],
      collect: async () => {
        const s = await this.stats();
        breaches.reset();
        for (const stage of STAGES) breaches.inc({ stage }, s?.breachesByStage.get(stage) ?? 0);
      },
    });
    const openClocks: Gauge<'stage' | 'state'> = new Gauge({
      name: 'sentinel_sla_open_clocks',
      help: 'Running SLA clocks per stage and state',
      labelNames: ['stage', 'state'],
      registers: [this.registry],
      collect: async () => {
        const s = await this.stats();
        openClocks.reset();
        for (const r of s?.openClocks ?? []) openClocks.set({ stage: r.stage, state: r.state }, r.n);
      },
    });
    const notifications: Gauge<'status'> = new Gauge({
      name: 'sentinel_notifications',
      help: 'Bank notifications per status',
      labelNames: ['status'],
      registers: [this.registry],
      collect: async () => {
        const s = await this.stats();
        notifications.reset();
        for (const r of s?.notifications ?? []) notifications.set({ status: r.status }, r.n);
      },
    });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  metrics(): Promise<string> {
    return this.registry.metrics();
  }

  /** Express middleware: observes every request's duration under its route pattern (never the raw URL). */
  httpMiddleware() {
    return (req: Request, res: Response, next: NextFunction): void => {
      const end = this.http.startTimer();
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        const path = req.route?.path;
        const route = typeof path === 'string' ? `${req.baseUrl ?? ''}${path}` : path ? 'pattern' : 'unmatched';
        end({ method: req.method, route, status_code: String(res.statusCode) });
      };
      res.once('finish', finish);
      res.once('close', finish);
      next();
    };
  }

  private stats(): Promise<DbStats | null> {
    const now = Date.now();
    if (!this.dbStats || now - this.dbStats.at > DB_STATS_TTL_MS) {
      const value = this.loadStats();
      this.dbStats = { at: now, value };
      value.catch(() => {
        if (this.dbStats?.value === value) this.dbStats = undefined;
      });
    }
    return this.dbStats.value.catch((e: Error) => {
      this.logger.warn(`database metrics unavailable: ${e.message}`);
      return null;
    });
  }

  private async loadStats(): Promise<DbStats> {
    const [breaches, openClocks, notifications] = await Promise.all([
      this.figures.breachesByStage(this.ds),
      this.figures.openClocks(this.ds),
      this.figures.notificationsByStatus(this.ds),
    ]);
    return { breachesByStage: new Map(breaches.map((r) => [r.stage, r.n])), openClocks, notifications };
  }
}
