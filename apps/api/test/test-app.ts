import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import Redis from 'ioredis';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { bullPrefix, type Role } from '@sentinel/contracts';
import { createTestDatabase, flushRedisPrefix, testRedisPrefix } from '@sentinel/testing';
import { createApp } from '../src/app.factory';
import type { AppConfig } from '../src/config/app-config';
import { hashPassword } from '../src/auth/auth.service';
import { fieldCodeViolations, ProblemRecorder } from './problem-recorder';

export const ADMIN = { email: 'admin@test.local', password: 'Admin-Password-1!' };
export const PASSWORD = 'Test-Password-1!';

export interface TestUser {
  id: string;
  email: string;
  role: Role;
  token: string;
  teamId: string | null;
}

/**
 * Boots the real API (production pipes, filters, parsers) on a fresh database and Redis prefix.
 * `http()` is a supertest agent; `login()` / `createUser()` give tokens for each role.
 */
export class TestApp {
  app!: NestExpressApplication;
  config!: AppConfig;
  ds!: DataSource;
  /** The suite's own database (for `recordStatements({ database })`). */
  dbName!: string;
  url!: string;
  redisPrefix!: string;
  evidenceDir!: string;
  private dropDb!: () => Promise<void>;
  private userSeq = 0;
  adminToken!: string;
  /** Every problem+json the app answered during the suite; `stop()` fails the suite if one breaks the field-code rules. */
  readonly problems = new ProblemRecorder();

  /** `opts.databaseVia` rewrites the suite database's URL for the app (e.g. through a `TcpProxy`). */
  static async start(name: string, overrides: Partial<AppConfig> = {}, opts: { databaseVia?: (url: string) => string } = {}): Promise<TestApp> {
    const t = new TestApp();
    const db = await createTestDatabase('sn');
    t.dropDb = db.drop;
    t.dbName = db.name;
    t.redisPrefix = testRedisPrefix(name);
    t.evidenceDir = mkdtempSync(join(tmpdir(), 'sn-evidence-'));
    const { app, config } = await createApp({
      databaseUrl: opts.databaseVia ? opts.databaseVia(db.url) : db.url,
      redisPrefix: t.redisPrefix,
      logLevel: process.env.TEST_LOG_LEVEL ?? 'silent',
      adminEmail: ADMIN.email,
      adminPassword: ADMIN.password,
      evidenceDir: t.evidenceDir,
      auditSigningKeyFile: `${t.evidenceDir}-audit-key.pem`,
      enqueueJobs: false,
      ...overrides,
    });
    app.use(t.problems.middleware());
    await app.init();
    await app.listen(0, '127.0.0.1');
    t.app = app;
    t.config = config;
    t.ds = db.dataSource;
    const addr = app.getHttpServer().address() as AddressInfo;
    t.url = `http://127.0.0.1:${addr.port}`;
    t.adminToken = (await t.login(ADMIN.email, ADMIN.password)).token;
    return t;
  }

  http() {
    return request(this.app.getHttpServer());
  }

  async login(email: string, password = PASSWORD): Promise<{ token: string; user: { id: string } }> {
    const res = await this.http().post('/api/auth/login').send({ email, password });
    if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** Creates a user directly in the database (fast) and logs them in. */
  async createUser(role: Role, opts: { teamId?: string | null; name?: string } = {}): Promise<TestUser> {
    const n = ++this.userSeq;
    const email = `${role}${n}@test.local`;
    const [row] = await this.ds.query(
      `INSERT INTO users (email, name, role, team_id, password_hash) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [email, opts.name ?? `${role} ${n}`, role, opts.teamId ?? null, await hashPassword(PASSWORD)],
    );
    const { token } = await this.login(email);
    return { id: row.id, email, role, token, teamId: opts.teamId ?? null };
  }

  async stop(): Promise<void> {
    const violations = this.problems.violations();
    await this.cleanUp();
    if (violations.length) throw new Error(`problem bodies broke the field-code contract (docs/api.md "Conventions"):\n${violations.join('\n')}`);
  }

  private async cleanUp(): Promise<void> {
    await this.app?.close();
    const redis = new Redis(this.config.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true, retryStrategy: () => null });
    try {
      await redis.connect();
      await flushRedisPrefix(redis, this.redisPrefix);
      await flushRedisPrefix(redis, bullPrefix(this.redisPrefix));
    } catch {
      // Redis unreachable (a test of that): nothing to flush.
    } finally {
      redis.disconnect();
    }
    await this.dropDb?.();
    rmSync(this.evidenceDir, { recursive: true, force: true });
    rmSync(`${this.evidenceDir}-audit-key.pem`, { force: true });
  }
}

export const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Asserts a problem+json body with the given status and code; returns the body. */
export function expectProblem(res: request.Response, status: number, code?: string): Record<string, any> {
  if (res.status !== status || (code && res.body?.code !== code)) {
    throw new Error(`expected ${status} ${code ?? ''}, got ${res.status} ${JSON.stringify(res.body)}`);
  }
  expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  expect(res.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String), message: expect.any(String), correlationId: expect.any(String) });
  expect(fieldCodeViolations(res.body)).toEqual([]);
  return res.body;
}
