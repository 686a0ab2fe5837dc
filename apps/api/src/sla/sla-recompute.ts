import type { Stage } from '@sentinel/contracts';
import type { ClocksRepository, Db, RecomputedClock } from '@sentinel/persistence';
import type { Wakeups } from '../jobs/wakeup.publisher';

/** Re-computes the open clocks of each stage (`ClocksRepository.recomputeOpenClocks`) in the caller's transaction. */
export async function recomputeStages(clocks: ClocksRepository, db: Db, stages: readonly Stage[], now: Date): Promise<RecomputedClock[]> {
  const changed: RecomputedClock[] = [];
  for (const stage of stages) changed.push(...(await clocks.recomputeOpenClocks(db, stage, now)));
  return changed;
}

/**
 * Fresh SLA wake-ups for moved clocks. Their job ids carry the new epoch, so they never collide with the old
 * ones (BullMQ ignores an existing id); the old timers still fire and find nothing due (the worker re-reads
 * the clock). A clock whose warning already fired needs no new warning timer.
 */
export function clockWakeups(clocks: RecomputedClock[]): Wakeups {
  return { clocks: clocks.map((k) => ({ id: k.id, warnAt: k.warnedAt ? null : k.warnAt, dueAt: k.dueAt })) };
}
