import type { RecomputedClock } from '@sentinel/persistence';
import type { Wakeups } from '../jobs/wakeup.publisher';

/**
 * Fresh SLA wake-ups for moved clocks. Their job ids carry the new epoch, so they never collide with the old
 * ones (BullMQ ignores an existing id); the old timers still fire and find nothing due (the worker re-reads
 * the clock). A clock whose warning already fired needs no new warning timer.
 */
export function clockWakeups(clocks: RecomputedClock[]): Wakeups {
  return { clocks: clocks.map((k) => ({ id: k.id, warnAt: k.warnedAt ? null : k.warnAt, dueAt: k.dueAt })) };
}
