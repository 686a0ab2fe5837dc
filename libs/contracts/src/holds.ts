import type { FreezeScope, HoldBasis, HoldKind, HoldStatus } from './enums';

/** One renewal of a hold (docs/api.md "Holds and police orders"). */
export interface HoldRenewalView {
  at: string;
  by: string;
  /** the expiry this renewal set */
  expiresAt: string;
  instructionNumber: string | null;
}

/** A hold on the terminal or its settlement account: on the case page (`holds`) and in `GET /api/holds`. */
export interface HoldView {
  id: string;
  caseId: string;
  caseReference: string;
  kind: HoldKind;
  scope: FreezeScope[];
  basis: HoldBasis;
  instructionNumber: string | null;
  issuingAuthority: string | null;
  placedAt: string;
  placedBy: string;
  placedByName: string | null;
  /** null: an acquirer control without an end */
  expiresAt: string | null;
  /** when the lead-time alarm (`hold.expiring`) goes, or went, off */
  warnAt: string | null;
  warnedAt: string | null;
  renewals: HoldRenewalView[];
  status: HoldStatus;
  expiredAt: string | null;
  releasedAt: string | null;
  releasedBy: string | null;
  releaseReason: string | null;
}

export const HOLD_SORT_FIELDS = ['expiresAt', 'placedAt'] as const;
export type HoldSortField = (typeof HOLD_SORT_FIELDS)[number];
