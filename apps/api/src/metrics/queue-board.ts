import { Inject, Injectable, Logger } from '@nestjs/common';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import Redis from 'ioredis';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { SessionsRepository } from '@sentinel/persistence';
import { AuthService } from '../auth/auth.service';
import { readCookie } from '../auth/session-cookies';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { REDIS } from '../database/database.module';
import { ProblemException } from '../common/problem.exception';
import { sendProblem } from '../common/problem-details.filter';
import { OpsQueues } from './ops-queues';

export const QUEUE_BOARD_PATH = '/api/admin/queues';
const COOKIE = 'sn_board';
export const BOARD_SESSION_TTL_S = 30 * 60;

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/**
 * Bull Board (BullMQ dashboard) at /api/admin/queues, for admins only, behind the API's own session: requests carry
 * `Authorization: Bearer <admin session token>`, or — for browser navigation — the cookie `sn_board` that
 * `POST /api/admin/queues-session` sets for the caller's session (the console calls it with its `sn_session` cookie
 * and `X-CSRF-Token`, like any write; the board's own pages and writes ride `sn_board` only). The cookie names a
 * Redis entry bound to that session (never a token in a URL): every board request re-checks that the session is
 * neither logged out, revoked nor expired and that its user is still an active admin, so logout, revocation,
 * deactivation or a role change end the board at once. The entry lasts 30 min, renewed on use, never beyond the
 * session. HttpOnly, SameSite=Strict (the board's write actions are not reachable cross-site), path-scoped.
 */
@Injectable()
export class QueueBoard {
  private readonly logger = new Logger(QueueBoard.name);

  constructor(
    private readonly auth: AuthService,
    private readonly ds: DataSource,
    private readonly sessions: SessionsRepository,
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

  /**
   * The board cookie for the caller's session (the console calls this, then opens `url`): `Set-Cookie` and
   * `{ url, expiresAt }`. Only a signed-in session may open the board (an API key has no session).
   */
  async openForSession(actor: { id: string; sessionId?: string }, req: Request, res: Response): Promise<{ url: string; expiresAt: string }> {
    if (!actor.sessionId) throw new ProblemException('AUTH.FORBIDDEN', 'Open the queue board from a signed-in session');
    const sid = randomBytes(24).toString('base64url');
    await this.redis.set(this.key(sid), actor.sessionId, 'EX', BOARD_SESSION_TTL_S);
    res.setHeader('Set-Cookie', `${COOKIE}=${sid}; Path=${QUEUE_BOARD_PATH}; HttpOnly; SameSite=Strict; Max-Age=${BOARD_SESSION_TTL_S}${req.secure ? '; Secure' : ''}`);
    res.setHeader('Cache-Control', 'no-store');
    return { url: QUEUE_BOARD_PATH, expiresAt: new Date(Date.now() + BOARD_SESSION_TTL_S * 1000).toISOString() };
  }

  private key(cookie: string): string {
    return `${this.cfg.redisPrefix}:board:session:${sha256(cookie)}`;
  }

  private async guard(req: Request, res: Response, next: NextFunction): Promise<void> {
    try {
      const header = req.headers.authorization;
      if (typeof header === 'string') {
        const m = /^Bearer\s+(\S+)$/i.exec(header);
        const actor = m ? await this.auth.authenticate(m[1], req.ip ?? 'unknown') : null;
        if (!actor) throw new ProblemException('AUTH.UNAUTHENTICATED', 'The token is invalid, expired or revoked; log in again');
        if (actor.role !== 'admin') throw new ProblemException('AUTH.FORBIDDEN', 'Only admins may open the queue board', { role: actor.role });
        return next();
      }
      const cookie = readCookie(req.headers.cookie, COOKIE);
      const sessionId = cookie ? await this.redis.get(this.key(cookie)) : null;
      if (!sessionId) throw new ProblemException('AUTH.UNAUTHENTICATED', 'Open the queue board from the console (Queues) or send Authorization: Bearer <admin token>');
      await this.assertAdminSession(sessionId, cookie!);
      await this.redis.expire(this.key(cookie!), BOARD_SESSION_TTL_S);
      next();
    } catch (e) {
      if (!(e instanceof ProblemException)) this.logger.error(`queue board auth failed: ${(e as Error).message}`);
      sendProblem(req, res, e);
    }
  }

  /** The API session behind a board cookie is still valid and its user an active admin; else the cookie ends. */
  private async assertAdminSession(sessionId: string, cookie: string): Promise<void> {
    const role = await this.sessions.liveSessionRole(this.ds, sessionId);
    if (role === undefined) {
      await this.redis.del(this.key(cookie));
      throw new ProblemException('AUTH.UNAUTHENTICATED', 'Your session ended; log in again and reopen the queue board from the console');
    }
    if (role !== 'admin') throw new ProblemException('AUTH.FORBIDDEN', 'Only admins may open the queue board', { role });
  }
}
