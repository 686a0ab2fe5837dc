import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';

/**
 * Structured JSON logs (docs/architecture.md "Logging"). Fixed keys: `caseId`, `stage`, `jobId`, `queue`, `outboxId`
 * (the notification id), plus `correlationId` when the job carries the API request's. Secrets and signatures
 * are redacted; bodies sent to banks are never logged.
 */
export const WORKER_LOGGER = Symbol('WORKER_LOGGER');

export type WorkerLogger = Logger;

export function createWorkerLogger(level: string): WorkerLogger {
  return pino({
    level,
    base: { app: 'worker', pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['*.secret', '*.secrets', '*.signature', '*["webhook-signature"]', '*.password', '*.token'], censor: '[redacted]' },
  });
}

/** Nest's start-up chatter (one line per module): debug, so `LOG_LEVEL=debug` shows it and the default does not. */
const STARTUP_CONTEXTS: ReadonlySet<string> = new Set(['NestFactory', 'InstanceLoader', 'NestApplication']);

/** Routes Nest's own log lines (bootstrap, lifecycle) into the same pino stream. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly pinoLog: WorkerLogger) {}

  log(message: unknown, context?: string): void {
    if (context && STARTUP_CONTEXTS.has(context)) this.pinoLog.debug({ context }, String(message));
    else this.pinoLog.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.pinoLog.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.pinoLog.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.pinoLog.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.pinoLog.trace({ context }, String(message));
  }
}
