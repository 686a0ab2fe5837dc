export const AUDIT_SCOPES = ['cases', 'system', 'all'] as const;
export type AuditScope = (typeof AUDIT_SCOPES)[number];

export const AUDIT_EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type AuditExportFormat = (typeof AUDIT_EXPORT_FORMATS)[number];

/** A place where an audit chain does not verify. */
export interface AuditChainFailure {
  /** null for the system chain. */
  caseId: string | null;
  seq: number;
  reason: string;
}

/** `GET /api/audit/verify`. */
export interface AuditVerifyResult {
  ok: boolean;
  casesChecked: number;
  eventsChecked: number;
  /** With scope `system` or `all`. */
  systemEventsChecked?: number;
  failures: AuditChainFailure[];
}
