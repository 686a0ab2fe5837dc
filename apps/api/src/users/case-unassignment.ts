import type { EntityManager } from 'typeorm';
import { raiseAlert } from '@sentinel/persistence';
import type { AuditService } from '../audit/audit.service';

/**
 * docs/domain.md "Assignment": deactivating a user (or moving them to a role that may not hold cases)
 * unassigns their open cases and alerts supervisors. Runs in the caller's transaction, after the user row
 * was updated (so a deactivated supervisor is not among the recipients). For each case, in id order:
 * lock it, clear the assignee, bump `version`, append `case.unassigned` to its chain, and alert the
 * supervisors of its team (every active supervisor when it has no team or the team has none), once per event.
 */
export async function unassignOpenCases(
  em: EntityManager,
  audit: AuditService,
  input: { userId: string; actor: { id: string; role: string }; reason: string },
): Promise<string[]> {
  const cases: Array<{ id: string; stage: string }> = await em.query(
    `SELECT id, stage FROM cases WHERE assignee_id = $1 AND status = 'open' ORDER BY id FOR UPDATE`,
    [input.userId],
  );
  for (const c of cases) {
    await em.query(`UPDATE cases SET assignee_id = NULL, version = version + 1, updated_at = now() WHERE id = $1`, [c.id]);
    const ev = await audit.appendCaseEvent(em, c.id, {
      actor: input.actor,
      action: 'case.unassigned',
      data: { before: { assigneeId: input.userId }, after: { assigneeId: null }, reason: input.reason },
    });
    await raiseAlert(em, { type: 'case.unassigned', caseId: c.id, stage: c.stage, dedupeKey: `case.unassigned:${c.id}:${ev.seq}` });
  }
  return cases.map((c) => c.id);
}
