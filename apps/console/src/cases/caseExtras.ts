import type { AllowedAction, CaseView } from '@sentinel/contracts';

/** The allowed actions of a case for the caller (empty when the view has none, e.g. a list row). */
export function allowedOf(record: Pick<CaseView, 'allowedActions'> | null | undefined): AllowedAction[] {
  return record?.allowedActions ?? [];
}
