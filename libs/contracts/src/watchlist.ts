import type { WatchlistKind } from './enums';

/** A watched SN or MID (docs/api.md "Aftercare and watchlist"): `GET /api/watchlist`. */
export interface WatchlistEntryView {
  id: string;
  kind: WatchlistKind;
  /** normalised like an SN */
  value: string;
  /** the confirmed case that put it there (null: added by hand) */
  caseId: string | null;
  /** that case's reference (null with caseId) */
  caseReference: string | null;
  addedAt: string;
  addedBy: string;
  expiresAt: string;
  reason: string | null;
  removedAt: string | null;
  removedReason: string | null;
  /** active: not removed and not expired */
  active: boolean;
}

/** A report of the case matched an active entry. */
export interface WatchlistHitView {
  entryId: string;
  kind: WatchlistKind;
  value: string;
  earlierCaseId: string | null;
  reportId: string;
  at: string;
}
