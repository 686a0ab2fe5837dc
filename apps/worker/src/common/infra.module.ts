import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import Redis from 'ioredis';
import {
  CaseWriter,
  ClocksRepository,
  createDataSource,
  HoldsRepository,
  MaintenanceRepository,
  NotificationsRepository,
  RegulatoryRepository,
  unavailableDependency,
} from '@sentinel/persistence';
import { logRedisOutages } from '@sentinel/queues';
import { WORKER_CONFIG, type WorkerConfig } from '../config/worker-config';
import { WORKER_LOGGER, type WorkerLogger } from './logger';

/** A plain Redis client of the worker (health ping); BullMQ opens its own connections. */
export const WORKER_REDIS = Symbol('WORKER_REDIS');

/** The repositories and the case writer the worker uses (plain classes of libs/persistence). */
const PERSISTENCE = [CaseWriter, ClocksRepository, HoldsRepository, MaintenanceRepository, NotificationsRepository, RegulatoryRepository];

/** PostgreSQL unreachable at start (a restart during an outage, a server still starting): retried this long. */
const START_DB_WAIT_MS = 60_000;
const START_DB_RETRY_MS = [250, 500, 1000];

/**
 * The pool, connected. A worker (re)started while PostgreSQL is away waits for it — retrying every second at most —
 * instead of exiting, so it takes timers and deliveries the moment the database is back rather than one process
 * start later; after START_DB_WAIT_MS it gives up (exit 1, one clear line).
 */
async function connectDatabase(cfg: WorkerConfig, log: WorkerLogger): Promise<DataSource> {
  const deadline = Date.now() + START_DB_WAIT_MS;
  for (let attempt = 0; ; attempt++) {
    const ds = createDataSource({ url: cfg.databaseUrl, applicationName: 'sentinel-worker', poolSize: cfg.dbPoolSize });
    try {
      await ds.initialize();
      return ds;
    } catch (e) {
      if (ds.isInitialized) await ds.destroy().catch(() => undefined);
      // A wrong URL, role or password is a configuration error: no waiting for it.
      if (Date.now() >= deadline || unavailableDependency(e) !== 'database') throw e;
      const waitMs = START_DB_RETRY_MS[Math.min(attempt, START_DB_RETRY_MS.length - 1)];
      log.warn({ err: (e as Error).message, attempt: attempt + 1, retryInMs: waitMs }, 'PostgreSQL unreachable at start; retrying');
      await new Promise((r) => setTimeout(r, waitMs));
    }
  }
}

/**
 * The worker's PostgreSQL pool, repositories and Redis client. Closed last, after the BullMQ workers have drained
 * (onApplicationShutdown runs after every beforeApplicationShutdown hook).
 */
@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [WORKER_CONFIG, WORKER_LOGGER],
      useFactory: (cfg: WorkerConfig, log: WorkerLogger) => connectDatabase(cfg, log),
    },
    {
      provide: WORKER_REDIS,
      inject: [WORKER_CONFIG, WORKER_LOGGER],
      useFactory: (cfg: WorkerConfig, log: WorkerLogger) =>
        logRedisOutages(new Redis(cfg.redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 2000, lazyConnect: false }), 'worker', { warn: (m) => log.warn(m), info: (m) => log.info(m) }),
    },
    ...PERSISTENCE,
  ],
  exports: [DataSource, WORKER_REDIS, ...PERSISTENCE],
})
export class InfraModule implements OnApplicationShutdown {
  constructor(
    private readonly ds: DataSource,
    @Inject(WORKER_REDIS) private readonly redis: Redis,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}
