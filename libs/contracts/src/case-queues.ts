/** Counts of a work queue, over open cases its filter (and team) select. */
export interface QueueCounts {
  open: number;
  unassigned: number;
  /** The current stage clock is in warning. */
  warning: number;
  /** The current stage clock breached. */
  breached: number;
}

/** A work queue (`/api/queues`): a saved filter of open cases, served with live counts. */
export interface QueueView {
  id: string;
  name: string;
  /** Only cases of this team; null = every team. */
  teamId: string | null;
  /** A case filter as for `GET /api/cases` (`assigneeId: "me"` means whoever looks). */
  filter: Record<string, unknown>;
  /** Null when the stored filter no longer validates (never a 500). */
  counts: QueueCounts | null;
  createdAt: string;
  updatedAt: string;
}

/** `POST /api/queues`. */
export interface CreateQueueRequest {
  name: string;
  teamId?: string | null;
  filter?: Record<string, unknown>;
}
