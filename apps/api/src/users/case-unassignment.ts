import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { planChange } from '@sentinel/domain';
import { CasesRepository, CaseWriter } from '@sentinel/persistence';

const cases = new CasesRepository();
const writer = new CaseWriter();

/**
 * docs/domain.md "Assignment": deactivating a user (or moving them to a role that may not hold cases) unassigns
 * their open cases and alerts supervisors, through the write path (`unassign`). Runs in the caller's transaction,
 * after the user row was updated (so a deactivated supervisor is not among the recipients). The cases are locked
 * in id order, then each is planned and applied: assignee cleared, version moved, `case.unassigned` by the
 * admin, the team's supervisors alerted once per event.
 */
export async function unassignOpenCases(em: EntityManager, input: { userId: string; actor: { id: string; role: string }; reason: string }): Promise<string[]> {
  const loaded = await cases.loadStates(em, { openCasesOfAssignee: input.userId }, { lock: true });
  const now = new Date();
  for (const c of loaded) {
    const plan = planChange(c.state, { kind: 'unassign', userId: input.userId, actor: input.actor, reason: input.reason }, c.context(now, randomUUID));
    await writer.apply(em, c.state, plan, now);
  }
  return loaded.map((c) => c.state.id);
}
