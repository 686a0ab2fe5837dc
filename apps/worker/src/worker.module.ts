import { Module, type DynamicModule } from '@nestjs/common';
import { QueueFactory } from '@sentinel/queues';
import { WORKER_CONFIG, type WorkerConfig } from './config/worker-config';
import { WORKER_LOGGER, type WorkerLogger } from './common/logger';
import { InfraModule } from './common/infra.module';
import { WorkerQueues } from './queues/worker-queues';
import { WorkerMetrics } from './ops/worker-metrics';
import { BankNotificationProcessor } from './bank-notifications/bank-notification.processor';
import { SlaTimerProcessor } from './sla/sla-timer.processor';
import { TimerPoller } from './timers/timer-poller';
import { HoldTimerProcessor } from './holds/hold-timer.processor';
import { RegulatoryTimerProcessor } from './regulatory/regulatory-timer.processor';
import { SweepService } from './maintenance/sweep.service';
import { AuditCheckpointService } from './maintenance/audit-checkpoint.service';
import { WorkerRuntime } from './worker-runtime.service';
import { ALERT_SECRET_BOX, AlertChannelsProcessor } from './alert-channels/alert-channels.processor';

@Module({})
class WorkerConfigModule {}

/** The worker's providers (a standalone Nest application context: no HTTP server of Nest's). */
@Module({})
export class WorkerModule {
  static register(cfg: WorkerConfig, logger: WorkerLogger): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        {
          module: WorkerConfigModule,
          global: true,
          providers: [
            { provide: WORKER_CONFIG, useValue: cfg },
            { provide: WORKER_LOGGER, useValue: logger },
          ],
          exports: [WORKER_CONFIG, WORKER_LOGGER],
        },
        InfraModule,
      ],
      providers: [
        {
          provide: QueueFactory,
          useFactory: () =>
            new QueueFactory({
              redisUrl: cfg.redisUrl,
              redisPrefix: cfg.redisPrefix,
              onError: (e, { queue, role }) => logger.warn({ queue, role, err: e.message }, 'queue connection error'),
            }),
        },
        WorkerQueues,
        {
          provide: WorkerMetrics,
          inject: [WorkerQueues],
          useFactory: (queues: WorkerQueues) => new WorkerMetrics(() => queues.counts()),
        },
        BankNotificationProcessor,
        SlaTimerProcessor,
        TimerPoller,
        AuditCheckpointService,
        HoldTimerProcessor,
        RegulatoryTimerProcessor,
        { provide: ALERT_SECRET_BOX, useValue: cfg.secretBox },
        AlertChannelsProcessor,
        SweepService,
        WorkerRuntime,
      ],
    };
  }
}
