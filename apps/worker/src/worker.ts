import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { loadWorkerConfig, type WorkerConfig } from './config/worker-config';
import { createWorkerLogger, NestPinoLogger, type WorkerLogger } from './common/logger';
import { WorkerModule } from './worker.module';
import { WorkerRuntime } from './worker-runtime.service';

export interface WorkerHandle {
  config: WorkerConfig;
  app: INestApplicationContext;
  logger: WorkerLogger;
  /** Bound ports of the ops endpoints (0 = not served). */
  ports: { metrics: number; health: number };
  /** Graceful stop: no new jobs, in-flight jobs finish (or time out), queues, pool and Redis closed. Idempotent. */
  close(signal?: string): Promise<void>;
}

/**
 * Starts the worker in this process (main.ts for the real process; tests call it directly with overrides):
 * validated config from the environment + overrides, a standalone Nest application context, BullMQ workers on the
 * API's queues and prefix, the sweep, and the optional ops endpoints.
 */
export async function startWorker(overrides: Partial<WorkerConfig> = {}, env: NodeJS.ProcessEnv = process.env): Promise<WorkerHandle> {
  const config = loadWorkerConfig(env, overrides);
  const logger = createWorkerLogger(config.logLevel);
  const app = await NestFactory.createApplicationContext(WorkerModule.register(config, logger), {
    logger: config.logLevel === 'silent' ? false : new NestPinoLogger(logger),
    abortOnError: false,
  });
  await app.init();
  const runtime = app.get(WorkerRuntime);
  let closing: Promise<void> | undefined;
  return {
    config,
    app,
    logger,
    ports: runtime.ports,
    close(signal?: string) {
      if (signal) logger.info({ signal }, "shutdown requested");
      closing ??= app.close();
      return closing;
    },
  };
}
