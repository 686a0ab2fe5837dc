import type { AlertType, AllowedAction, CaseView, UserRef } from '@sentinel/contracts';

/**
 * Parts of the documented contract (docs/api.md "Case actions", "SLA" alerts) that the console uses before the
 * shared wire types in @sentinel/contracts list them: `return_to_analyst`, `case.returned`, `lastReturn`.
 * Widening only: every value the contracts already name stays valid.
 */
export type ConsoleAction = AllowedAction | 'return_to_analyst';
export type ConsoleAlertType = AlertType | 'case.returned';

/** `lastReturn: { reason, by, at }` of a case a supervisor returned to its analyst (`by`: a user id or `{id, name}`). */
export interface LastReturn {
  reason: string;
  by: string | UserRef | null;
  byName?: string | null;
  at: string;
}

export function lastReturnOf(record: CaseView | null | undefined): LastReturn | null {
  const v = (record as (CaseView & { lastReturn?: unknown }) | null | undefined)?.lastReturn;
  if (!v || typeof v !== 'object') return null;
  const r = v as Partial<LastReturn>;
  return typeof r.reason === 'string' && typeof r.at === 'string' ? { reason: r.reason, by: r.by ?? null, byName: r.byName ?? null, at: r.at } : null;
}

/** The allowed actions of a case for the caller, as the console's wider action type. */
export function allowedOf(record: Pick<CaseView, 'allowedActions'> | null | undefined): ConsoleAction[] {
  return ((record?.allowedActions ?? []) as string[]) as ConsoleAction[];
}
