import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import Redis from 'ioredis';
import { CaseWriter, ClocksRepository, createDataSource, HoldsRepository, MaintenanceRepository, NotificationsRepository, RegulatoryRepository } from '@sentinel/persistence';
import { WORKER_CONFIG, type WorkerConfig } from '../config/worker-config';

/** A plain Redis client of the worker (health ping); BullMQ opens its own connections. */
export const WORKER_REDIS = Symbol('WORKER_REDIS');

/** The repositories and the case writer the worker uses (plain classes of libs/persistence). */
const PERSISTENCE = [CaseWriter, ClocksRepository, HoldsRepository, MaintenanceRepository, NotificationsRepository, RegulatoryRepository];

/**
 * The worker's PostgreSQL pool, repositories and Redis client. Closed last, after the BullMQ workers have drained
 * (onApplicationShutdown runs after every beforeApplicationShutdown hook).
 */
@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [WORKER_CONFIG],
      useFactory: async (cfg: WorkerConfig) => {
        const ds = createDataSource({ url: cfg.databaseUrl, applicationName: 'sentinel-worker', poolSize: cfg.dbPoolSize });
        await ds.initialize();
        return ds;
      },
    },
    {
      provide: WORKER_REDIS,
      inject: [WORKER_CONFIG],
      useFactory: (cfg: WorkerConfig) => new Redis(cfg.redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 2000, lazyConnect: false }),
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
