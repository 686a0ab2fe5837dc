import type { EntityManager } from 'typeorm';
import type { Stage } from '@sentinel/contracts';
import { ClocksRepository, type RecomputedClock } from '@sentinel/persistence';
import type { Wakeups } from '../jobs/wakeup.publisher';

/** Policy and calendar writes take this lock, so a policy change and a calendar change never interleave. */
export async function lockSlaSettings(em: EntityManager): Promise<void> {
  await em.query(`SELECT pg_advisory_xact_lock(hashtext('sentinel:sla-settings'))`);
}

const clocks = new ClocksRepository();

/** Re-computes the open clocks of each stage (`ClocksRepository.recomputeOpenClocks`) in the caller's transaction. */
export async function recomputeStages(em: EntityManager, stages: readonly Stage[], now: Date): Promise<RecomputedClock[]> {
  const changed: RecomputedClock[] = [];
  for (const stage of stages) changed.push(...(await clocks.recomputeOpenClocks(em, stage, now)));
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
