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
  /** with `deep=true`: cases whose rows were held against their replayed events */
  statesChecked?: number;
  /** the latest checkpoint the data was held against (null: none written yet) */
  checkpoint?: { id: string; seq: number; at: string; signatureValid: boolean | null } | null;
}

/** A signed checkpoint of the audit chains (docs/api.md "Checkpoints"). */
export interface AuditCheckpoint {
  id: string;
  seq: number;
  at: string;
  systemHead: { seq: number; hash: string };
  /** RFC 6962 Merkle root over one leaf per case `{ caseId, lastEventSeq, headHash }`, in caseId order */
  casesRoot: string;
  caseCount: number;
  prevHash: string;
  hash: string;
  /** base64 Ed25519 over the ASCII bytes of `hash` */
  signature: string;
  /** hex SHA-256 of the signing public key's SPKI DER */
  keyId: string;
  /** `system` (the worker's schedule) or the id of the admin who asked for it */
  createdBy: string;
  /** whether the signature holds with the server's current public key (null: signed with another key) */
  signatureValid: boolean | null;
}

/** One leaf of a checkpoint, as `GET /api/audit/checkpoints/:id/leaves` streams them (JSON Lines). */
export interface AuditCheckpointLeaf {
  caseId: string;
  lastEventSeq: number;
  headHash: string;
}
