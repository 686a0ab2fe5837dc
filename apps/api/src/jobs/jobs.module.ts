import { Global, Logger, Module } from '@nestjs/common';
import { QueueFactory } from '@sentinel/queues';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { WakeupPublisher } from './wakeup.publisher';

const logger = new Logger('queues');

/** BullMQ for the API: the shared queue factory (libs/queues) and the wake-up publisher built on it. */
@Global()
@Module({
  providers: [
    {
      provide: QueueFactory,
      inject: [APP_CONFIG],
      useFactory: (cfg: AppConfig) =>
        new QueueFactory({
          redisUrl: cfg.redisUrl,
          redisPrefix: cfg.redisPrefix,
          onError: (e, { queue, role }) => logger.warn(`${role} ${queue}: ${e.message}`),
        }),
    },
    WakeupPublisher,
  ],
  exports: [QueueFactory, WakeupPublisher],
})
export class JobsModule {}
