import type { NextFunction, Request, Response } from 'express';
import { ProblemException } from '../common/problem.exception';
import { sendProblem } from '../common/problem-details.filter';
import type { AuthService } from '../auth/auth.service';

/**
 * `OPENAPI_PUBLIC=false` (production): `/api/docs` (Swagger UI, whose init script embeds the document) and
 * `/api/openapi.json` answer only a signed-in caller (`Authorization: Bearer` with a session token or an API key of any
 * role), 401 `AUTH.UNAUTHENTICATED` otherwise. The same document is committed as `docs/openapi.json` for integrators.
 */
export function openApiSignInMiddleware(auth: AuthService) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const header = req.headers.authorization;
    const m = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    const refuse = () =>
      sendProblem(req, res, new ProblemException('AUTH.UNAUTHENTICATED', 'The API description needs a signed-in caller here: send Authorization: Bearer <token>, or read docs/openapi.json'));
    if (!m) return refuse();
    auth.authenticate(m[1], req.ip ?? 'unknown').then(
      (actor) => (actor ? next() : refuse()),
      (e: unknown) => sendProblem(req, res, e),
    );
  };
}
