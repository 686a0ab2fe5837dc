import type { EntityManager } from 'typeorm';
import { ProblemException } from '../common/problem.exception';

/**
 * The caller's own user row, locked FOR SHARE: a deactivation running at the same moment (which locks the
 * row FOR UPDATE) waits or wins cleanly, so a case is never claimed by an inactive user.
 */
export async function assertActiveUser(em: Pick<EntityManager, 'query'>, userId: string): Promise<void> {
  const [me] = await em.query(`SELECT active FROM users WHERE id = $1 FOR SHARE`, [userId]);
  if (!me?.active) throw new ProblemException('AUTH.UNAUTHENTICATED', 'Your account is no longer active');
}
