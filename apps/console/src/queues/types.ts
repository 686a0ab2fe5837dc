export interface QueueCounts {
  open: number;
  unassigned: number;
  warning: number;
  breached: number;
}

/** GET /api/queues: `{ id, name, teamId?, filter, counts }`. */
export interface QueueRow {
  id: string;
  name: string;
  teamId: string | null;
  filter: Record<string, unknown>;
  counts?: Partial<QueueCounts>;
  createdAt?: string;
}

/** Counts may come as `counts: {…}` or flat on the row; both are read. */
export function queueCounts(q: QueueRow): QueueCounts {
  const src = (q.counts ?? q) as Partial<QueueCounts>;
  return { open: src.open ?? 0, unassigned: src.unassigned ?? 0, warning: src.warning ?? 0, breached: src.breached ?? 0 };
}
