import { Inject, Injectable, Logger } from '@nestjs/common';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import Redis from 'ioredis';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuthService } from '../auth/auth.service';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { REDIS } from '../database/database.module';
import { ProblemException } from '../common/problem.exception';
import { sendProblem } from '../common/problem-details.filter';
import { OpsQueues } from './ops-queues';

export const QUEUE_BOARD_PATH = '/api/admin/queues';
const COOKIE = 'sn_board';
export const BOARD_LINK_TTL_S = 60;
export const BOARD_SESSION_TTL_S = 30 * 60;

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

/**
 * Bull Board (BullMQ dashboard) at /api/admin/queues, for admins only. Browsers cannot send a bearer header when
 * navigating, so besides `Authorization: Bearer <admin session token>` the board accepts `?token=`: a one-time
 * link token from `POST /api/admin/queues-link` (valid 60 s; preferred), or an admin session token. Either is
 * exchanged for an HttpOnly cookie scoped to the board's path (30 min, renewed on use) and the browser is
 * redirected to the same URL without the token. Every request re-checks that the user is still an active admin.
 */
@Injectable()
export class QueueBoard {
  private readonly logger = new Logger(QueueBoard.name);

  constructor(
    private readonly auth: AuthService,
    private readonly ds: DataSource,
    private readonly queues: OpsQueues,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly cfg: AppConfig,
  ) {}

  /** Express handlers to mount at QUEUE_BOARD_PATH: the admin check, then the board. */
  handlers(): RequestHandler[] {
    const serverAdapter = new ExpressAdapter();
    serverAdapter.setBasePath(QUEUE_BOARD_PATH);
    createBullBoard({
      queues: this.queues.all().map((q) => new BullMQAdapter(q)),
      // Two copies of @bull-board/api are installed (9.10.1 under express, 9.10.2 at the top): same interface.
      serverAdapter: serverAdapter as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'],
      options: { uiConfig: { boardTitle: 'Sentinel SN queues' } },
    });
    return [(req, res, next) => void this.guard(req, res, next), serverAdapter.getRouter() as RequestHandler];
  }

  /** A one-time link for the console's "Queues" button: `{ url, expiresAt }`. */
  async createLink(userId: string): Promise<{ url: string; expiresAt: string }> {
    const token = randomBytes(24).toString('base64url');
    await this.redis.set(this.key('link', token), userId, 'EX', BOARD_LINK_TTL_S);
    return { url: `${QUEUE_BOARD_PATH}?token=${token}`, expiresAt: new Date(Date.now() + BOARD_LINK_TTL_S * 1000).toISOString() };
  }

  private key(kind: 'link' | 'session', secret: string): string {
    return `${this.cfg.redisPrefix}:board:${kind}:${sha256(secret)}`;
  }

  private async guard(req: Request, res: Response, next: NextFunction): Promise<void> {
    try {
      const query = req.query as Record<string, unknown>;
      if (typeof query.token === 'string') return await this.exchange(req, res, query.token);
      const header = req.headers.authorization;
      if (typeof header === 'string') {
        const m = /^Bearer\s+(\S+)$/i.exec(header);
        const actor = m ? await this.auth.authenticate(m[1], req.ip ?? 'unknown') : null;
        if (!actor) throw new ProblemException('AUTH.UNAUTHENTICATED', 'The token is invalid, expired or revoked; log in again');
        if (actor.role !== 'admin') throw new ProblemException('AUTH.FORBIDDEN', 'Only admins may open the queue board', { role: actor.role });
        return next();
      }
      const sid = cookieValue(req.headers.cookie, COOKIE);
      const userId = sid ? await this.redis.get(this.key('session', sid)) : null;
      if (!userId) throw new ProblemException('AUTH.UNAUTHENTICATED', 'Open the queue board from the console (Queues) or send Authorization: Bearer <admin token>');
      await this.assertAdmin(userId);
      await this.redis.expire(this.key('session', sid!), BOARD_SESSION_TTL_S);
      next();
    } catch (e) {
      if (!(e instanceof ProblemException)) this.logger.error(`queue board auth failed: ${(e as Error).message}`);
      sendProblem(req, res, e);
    }
  }

  /** `?token=`: a one-time link token, else an admin session token → board cookie + redirect without the token. */
  private async exchange(req: Request, res: Response, token: string): Promise<void> {
    let userId = await this.redis.getdel(this.key('link', token));
    if (!userId) {
      const actor = await this.auth.authenticate(token, req.ip ?? 'unknown');
      if (!actor) throw new ProblemException('AUTH.UNAUTHENTICATED', 'The link has expired or was already used; open the queue board again from the console');
      userId = actor.id;
    }
    await this.assertAdmin(userId);
    const sid = randomBytes(24).toString('base64url');
    await this.redis.set(this.key('session', sid), userId, 'EX', BOARD_SESSION_TTL_S);
    const url = new URL(req.originalUrl, 'http://board.invalid');
    url.searchParams.delete('token');
    res.setHeader(
      'Set-Cookie',
      `${COOKIE}=${sid}; Path=${QUEUE_BOARD_PATH}; HttpOnly; SameSite=Lax; Max-Age=${BOARD_SESSION_TTL_S}${req.secure ? '; Secure' : ''}`,
    );
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(303, `${url.pathname}${url.search}`);
  }

  private async assertAdmin(userId: string): Promise<void> {
    const [u] = await this.ds.query(`SELECT role, active FROM users WHERE id = $1`, [userId]);
    if (!u?.active) throw new ProblemException('AUTH.UNAUTHENTICATED', 'Log in again');
    if (u.role !== 'admin') throw new ProblemException('AUTH.FORBIDDEN', 'Only admins may open the queue board', { role: u.role });
  }
}
