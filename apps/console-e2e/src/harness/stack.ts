import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { DataSource } from 'typeorm';
import Redis from 'ioredis';
import { bullPrefix } from '@sentinel/contracts';
import { createTestDatabase, flushRedisPrefix, testRedisPrefix, type TestDatabase } from '@sentinel/testing';
import { createApp } from '../../../api/src/app.factory';
import type { AppConfig } from '../../../api/src/config/app-config';

export const REPO = resolve(__dirname, '../../../..');
export const CONSOLE_DIST = join(REPO, 'apps/console/dist');
export const ADMIN = { email: 'admin@e2e.test', password: 'E2e-Admin-Password-1!' };

/** The real API (production pipes, filters, parsers), in-process, on a fresh database and Redis prefix, serving the built console at `/`. */
export interface Stack {
  url: string;
  /** The test database (its URL lets tools/seed write the dashboard's history, as `npm start` does). */
  dbUrl: string;
  ds: DataSource;
  stop(): Promise<void>;
}

/** `overrides`: settings of this stack's API (a fresh stack with FORCE_PASSWORD_CHANGE, say). */
export async function startStack(overrides: Partial<AppConfig> = {}): Promise<Stack> {
  if (!existsSync(join(CONSOLE_DIST, 'index.html'))) {
    throw new Error(`no built console at ${CONSOLE_DIST}: run \`npx vite build --config apps/console/vite.config.ts\` first`);
  }
  const cleanups: Array<() => Promise<unknown>> = [];
  let stopping: Promise<void> | undefined;
  // Idempotent: the runner's finally, its deadline and a signal may all ask.
  const stop = () =>
    (stopping ??= (async () => {
      for (const c of cleanups.reverse()) await c().catch((e) => console.error(`teardown: ${(e as Error).message}`));
    })());
  try {
    const db: TestDatabase = await createTestDatabase('console_e2e');
    cleanups.push(() => db.drop());
    const redisPrefix = testRedisPrefix('console-e2e');
    const evidenceDir = mkdtempSync(join(tmpdir(), 'sn-e2e-evidence-'));
    cleanups.push(async () => rmSync(evidenceDir, { recursive: true, force: true }));
    const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
    cleanups.push(async () => {
      const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
      try {
        await flushRedisPrefix(redis, redisPrefix);
        await flushRedisPrefix(redis, bullPrefix(redisPrefix));
      } finally {
        await redis.quit();
      }
    });
    // Bank webhooks go to the loopback bank sandbox in these tests (docs/api.md "Banks and notifications").
    process.env.WEBHOOK_ALLOW_PRIVATE ??= 'true';
    const signals = ['SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGTERM', 'SIGUSR2'] as const;
    const listenersBefore = new Map(signals.map((sig) => [sig, new Set(process.listeners(sig))]));
    const { app } = await createApp({
      databaseUrl: db.url,
      redisPrefix,
      redisUrl,
      logLevel: process.env.E2E_API_LOG_LEVEL ?? 'silent',
      adminEmail: ADMIN.email,
      adminPassword: ADMIN.password,
      evidenceDir,
      enqueueJobs: false,
      consoleDir: CONSOLE_DIST,
      defaultTimeZone: 'Asia/Shanghai',
      ...overrides,
    });
    // createApp enables Nest's shutdown hooks, which close the app on a signal and then re-send it (ending the
    // process before the database is dropped). Here the test runner owns the signals: it tears everything down.
    for (const sig of signals) for (const l of process.listeners(sig)) if (!listenersBefore.get(sig)!.has(l)) process.removeListener(sig, l);
    const nest: NestExpressApplication = app;
    cleanups.push(() => nest.close());
    await nest.init();
    await nest.listen(0, '127.0.0.1');
    const { port } = nest.getHttpServer().address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}`, dbUrl: db.url, ds: db.dataSource, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
