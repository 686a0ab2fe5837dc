import { rows, type Db } from '../sql';

/** A timer moment the poller claimed: its subject (clock or hold), the case whose row is now locked, and when. */
export interface ClaimedMoment {
  id: string;
  caseId: string;
  kind: 'warning' | 'due';
  at: Date;
}

export interface ClaimedMoments {
  moments: ClaimedMoment[];
  full: boolean;
}

/**
 * The due moments of one kind of timer, as two `SELECT id, case_id, at` texts with `$1` = now: the due (breach,
 * expiry) moments and the warnings. Each must exclude what the other lists (a subject already due is not warned).
 */
export interface DueMomentQueries {
  due: string;
  warning: string;
}

/**
 * The timer poller's claim (apps/worker `TimerPoller`): up to `limit` due moments — due moments first, then
 * warnings, earliest first — whose case no other transaction holds, with those case rows locked (`FOR UPDATE OF c
 * SKIP LOCKED`), so two workers polling at once take different cases, and the caller records each moment through
 * the write path in the same transaction (the case lock is the one the loader takes: the same order as a timer
 * job's, no deadlock). One moment per case: a second moment of a claimed case waits for the next claim.
 * `excludeCaseIds`: cases the caller found nothing to record for, so they cannot hold the head of the line.
 * `full`: the claim hit `limit` (more may be due: claim again at once).
 */
export async function claimDueMoments(db: Db, q: DueMomentQueries, now: Date, limit: number, excludeCaseIds: string[]): Promise<ClaimedMoments> {
  const claimed = await rows<{ id: string; case_id: string; kind: 'warning' | 'due'; at: Date }>(
    db,
    `SELECT m.id, m.case_id, m.kind, m.at FROM (
        SELECT d.id, d.case_id, d.at, 'due'::text AS kind, 0 AS pri FROM (${q.due}) d
        UNION ALL
        SELECT w.id, w.case_id, w.at, 'warning'::text AS kind, 1 AS pri FROM (${q.warning}) w
      ) m JOIN cases c ON c.id = m.case_id
      WHERE m.case_id <> ALL($3::uuid[])
      ORDER BY m.pri, m.at LIMIT $2 FOR UPDATE OF c SKIP LOCKED`,
    [now, limit, excludeCaseIds],
  );
  const cases = new Set<string>();
  const out: ClaimedMoment[] = [];
  for (const r of claimed) {
    if (cases.has(r.case_id)) continue;
    cases.add(r.case_id);
    out.push({ id: r.id, caseId: r.case_id, kind: r.kind, at: r.at });
  }
  return { moments: out, full: claimed.length >= limit };
}
