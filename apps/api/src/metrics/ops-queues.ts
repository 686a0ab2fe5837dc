import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { QueueFactory, type QueueInspector } from '@sentinel/queues';

/**
 * Read handles on the BullMQ queues for operations (queue-depth metrics, Bull Board): the queue factory's inspector,
 * one Redis connection shared by every queue, opened on first use and closed on shutdown. The API never processes jobs.
 */
@Injectable()
export class OpsQueues implements OnApplicationShutdown {
  private inspector?: QueueInspector;

  constructor(private readonly factory: QueueFactory) {}

  all(): Queue[] {
    this.inspector ??= this.factory.inspector();
    return this.inspector.queues;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.inspector?.close();
  }
}
