import type { Role } from '@sentinel/contracts';

/**
 * Need-to-know (docs/api.md "Who may do what", `CASE_VISIBILITY`): with `team`, analysts list, read and claim only
 * their team's cases (and the evidence, reports and terminals of those cases); everyone else sees every case.
 * `all` (the default, for compatibility) lets every reader see every case.
 */
export const CASE_VISIBILITIES = ['all', 'team'] as const;
export type CaseVisibility = (typeof CASE_VISIBILITIES)[number];

/** The cases a caller may see: `null` = every case; else only cases of that team (no team: none). */
export type CaseScope = { teamId: string | null } | null;

export function caseScopeOf(actor: { role: Role; teamId: string | null }, visibility: CaseVisibility): CaseScope {
  return visibility === 'team' && actor.role === 'analyst' ? { teamId: actor.teamId } : null;
}

/** Whether a case of `caseTeamId` is in scope (an analyst without a team sees no team's cases). */
export function inCaseScope(scope: CaseScope, caseTeamId: string | null): boolean {
  return scope === null || (scope.teamId !== null && scope.teamId === caseTeamId);
}

/** Reporter fields masked for auditors unless revealed (docs/api.md "Reports and cases"). */
export const REPORTER_PERSONAL_FIELDS = ['phone', 'email'] as const;
export type ReporterPersonalField = (typeof REPORTER_PERSONAL_FIELDS)[number];

export function masksReporterContact(role: Role): boolean {
  return role === 'auditor';
}
