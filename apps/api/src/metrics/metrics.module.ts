import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Express } from 'express';
import { OperationsRepository, SessionsRepository } from '@sentinel/persistence';
import { MetricsController } from './metrics.controller';
import { MetricsServer } from './metrics-server';
import { MetricsService } from './metrics.service';
import { OpsQueues } from './ops-queues';
import { QUEUE_BOARD_PATH, QueueBoard } from './queue-board';
import { QueueBoardController } from './queue-board.controller';

/**
 * Operations: Prometheus metrics and the Bull Board dashboard. Both are plain Express handlers registered in
 * `configure` (which Nest runs before it registers its routes), so the duration histogram sees every request
 * and the board's own router serves its sub-paths.
 */
@Module({
  controllers: [MetricsController, QueueBoardController],
  providers: [MetricsService, MetricsServer, OpsQueues, QueueBoard, OperationsRepository, SessionsRepository],
})
export class MetricsModule implements NestModule {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly metrics: MetricsService,
    private readonly board: QueueBoard,
  ) {}

  configure(_consumer: MiddlewareConsumer): void {
    const app = this.adapterHost.httpAdapter.getInstance<Express>();
    app.use(this.metrics.httpMiddleware());
    app.use(QUEUE_BOARD_PATH, ...this.board.handlers());
  }
}
