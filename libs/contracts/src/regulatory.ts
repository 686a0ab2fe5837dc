import type { RegulatoryKind, RegulatoryState } from './enums';

/** A deadline owed to a regulator or card scheme (docs/api.md "Regulatory clocks"): on the case page and in the list. */
export interface RegulatoryClockView {
  id: string;
  caseId: string;
  caseReference: string;
  kind: RegulatoryKind;
  /** ISO 8601 duration and calendar it runs on (copied from the policy when it started) */
  target: string;
  calendarId: string;
  startedAt: string;
  /** started by the system at opening (amount at risk above the threshold) */
  automatic: boolean;
  startedBy: string;
  warnAt: string;
  dueAt: string;
  warnedAt: string | null;
  breachedAt: string | null;
  state: RegulatoryState;
  filedAt: string | null;
  reference: string | null;
  filedBy: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
}

/** `GET/PUT /api/regulatory-policies/:kind`. */
export interface RegulatoryPolicyView {
  kind: RegulatoryKind;
  target: string;
  calendarId: string;
  warnAtPercent: number;
  updatedAt: string;
}

export const REGULATORY_SORT_FIELDS = ['dueAt', 'startedAt'] as const;
export type RegulatorySortField = (typeof REGULATORY_SORT_FIELDS)[number];
