import { inCaseScope, type CaseScope } from '@sentinel/domain';
import type { CasesRepository, Db } from '@sentinel/persistence';
import { notFound } from './problem.exception';

/**
 * Need-to-know (`CASE_VISIBILITY=team`): a case outside the caller's scope answers 404, as if it did not exist —
 * its existence is not the caller's to know. No scope (`all`, or a role it does not limit): nothing to check.
 */
export async function assertCaseVisible(cases: CasesRepository, db: Db, caseId: string, scope: CaseScope | undefined, what = 'case', id = caseId): Promise<void> {
  if (!scope) return;
  const found = await cases.teamOf(db, caseId);
  if (!found || !inCaseScope(scope, found.teamId)) throw notFound(what, id);
}

/** The same check for a case already loaded (its team known). */
export function assertTeamVisible(scope: CaseScope | undefined, teamId: string | null, what: string, id: string): void {
  if (scope && !inCaseScope(scope, teamId)) throw notFound(what, id);
}
