import type { QueueCounts, QueueView } from '@sentinel/contracts';

/** GET /api/queues rows (libs/contracts). */
export type QueueRow = QueueView;

const NO_COUNTS: QueueCounts = { open: 0, unassigned: 0, warning: 0, breached: 0 };

/** The counts to show: a queue whose stored filter no longer validates has `counts: null` (shown as zeros). */
export function queueCounts(q: QueueRow): QueueCounts {
  return q.counts ?? NO_COUNTS;
}
