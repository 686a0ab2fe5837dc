import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AlertsRepository,
  BankCallbacksRepository,
  CasesRepository,
  CaseWriter,
  ClocksRepository,
  createDataSource,
  EventsRepository,
  EvidenceRepository,
  HoldsRepository,
  ImportsRepository,
  NotificationsRepository,
  QueuesRepository,
  ReportsRepository,
} from '@sentinel/persistence';
import Redis from 'ioredis';
import { logRedisOutages } from '@sentinel/queues';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

export const REDIS = Symbol('REDIS');
const redisLog = new Logger('redis');

/** Repositories of libs/persistence (plain classes without state) and the case writer, for every module. */
const PERSISTENCE = [
  AlertsRepository,
  BankCallbacksRepository,
  CasesRepository,
  CaseWriter,
  ClocksRepository,
  EventsRepository,
  EvidenceRepository,
  HoldsRepository,
  ImportsRepository,
  NotificationsRepository,
  QueuesRepository,
  ReportsRepository,
];

/** The DataSource, Redis client, repositories and case writer shared by every module (one pool per process). */
@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [APP_CONFIG],
      useFactory: async (cfg: AppConfig) => {
        const ds = createDataSource({ url: cfg.databaseUrl, applicationName: 'sentinel-api', poolSize: 20, connectTimeoutMs: cfg.databaseConnectTimeoutMs });
        await ds.initialize();
        return ds;
      },
    },
    {
      provide: REDIS,
      inject: [APP_CONFIG],
      useFactory: (cfg: AppConfig) =>
        logRedisOutages(new Redis(cfg.redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 2000 }), 'api', { warn: (m) => redisLog.warn(m), info: (m) => redisLog.log(m) }),
    },
    ...PERSISTENCE,
  ],
  exports: [DataSource, REDIS, ...PERSISTENCE],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(
    private readonly ds: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    // quit() waits for Redis; bounded so a dead Redis cannot hold the shutdown.
    await Promise.race([this.redis.quit().catch(() => undefined), new Promise((r) => setTimeout(r, 2000).unref())]);
    this.redis.disconnect();
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}
