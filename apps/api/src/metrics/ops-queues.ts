import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { QUEUE_NAMES } from '@sentinel/contracts';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { bullPrefix } from '../jobs/wakeup.publisher';

/**
 * Read handles on the BullMQ queues for operations (queue-depth metrics, Bull Board): one Redis connection shared
 * by the three queues, opened on first use and closed on shutdown. The API never processes jobs.
 */
@Injectable()
export class OpsQueues implements OnApplicationShutdown {
  private readonly logger = new Logger(OpsQueues.name);
  private connection?: Redis;
  private queues?: Queue[];

  constructor(@Inject(APP_CONFIG) private readonly cfg: AppConfig) {}

  all(): Queue[] {
    if (!this.queues) {
      this.connection = new Redis(this.cfg.redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 2000, lazyConnect: false });
      this.connection.on('error', (e) => this.logger.warn(`ops redis: ${e.message}`));
      const prefix = bullPrefix(this.cfg.redisPrefix);
      this.queues = Object.values(QUEUE_NAMES).map((name) => new Queue(name, { connection: this.connection!, prefix }));
      for (const q of this.queues) q.on('error', (e) => this.logger.warn(`queue ${q.name}: ${e.message}`));
    }
    return this.queues;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled((this.queues ?? []).map((q) => q.close()));
    await this.connection?.quit().catch(() => this.connection?.disconnect());
  }
}
