import type { EntityManager } from 'typeorm';
import type { Stage } from '@sentinel/contracts';
import { raiseAlert } from './alerts.store';
import { appendCaseEvent, SYSTEM_ACTOR } from './audit.store';
import { refreshCaseSla } from './sla-clocks.store';

/**
 * SLA moments recorded by the worker (docs/domain.md "SLA timers"): a BullMQ timer or the sweep only wakes the worker;
 * the clock row, re-read under a lock, decides. Lock order: case row, then clock row (as case actions and
 * `recomputeOpenClocks` do), so a timer racing a stage change or a policy change waits instead of deadlocking.
 *
 * Decisions:
 * - Each moment is recorded exactly once: `warned_at` / `breached_at` are set under the clock's row lock and
 *   checked before recording, so a job running twice, or the timer racing the sweep, records one event and one
 *   alert per recipient (the alerts are also unique per (user, type, dedupe key)).
 * - A breach on a clock whose warning never fired records the breach only (event data `warningRecorded: false`):
 *   a warning after the deadline informs nobody, and the breach alert already goes to the supervisors. A late
 *   warning job for a clock already due records that breach instead (whichever wake-up comes first records it).
 * - A wake-up that comes before the clock's moment (a policy change moved it later) records nothing and returns
 *   `not_yet` with the moment, so the caller re-arms a timer for it.
 * - The case row's `due_at` / `sla_state` are refreshed only when the clock belongs to the case's current stage.
 * - Events use the system actor and carry `{ clockId, stage, dueAt, warnAt, lateMs }` (lateMs: how long after
 *   the moment it was recorded).
 */

type Db = Pick<EntityManager, 'query'>;

export type SlaMomentKind = 'warning' | 'due';

export type FireClockResult =
  | { outcome: 'warned' | 'breached'; clockId: string; caseId: string; stage: Stage; at: Date; moment: Date; lateMs: number; alertsRaised: number }
  | { outcome: 'not_yet'; clockId: string; caseId: string; kind: SlaMomentKind; nextAt: Date }
  | { outcome: 'skipped'; clockId: string; caseId?: string; reason: 'not_found' | 'closed' | 'already_recorded' | 'no_warning' };

/** Records the warning or the breach a wake-up of `kind` is for, if its moment has come; in the caller's transaction. */
export async function fireClockTimer(em: Db, clockId: string, kind: SlaMomentKind, now: Date): Promise<FireClockResult> {
  const [peek] = await em.query(`SELECT case_id FROM sla_clocks WHERE id = $1`, [clockId]);
  if (!peek) return { outcome: 'skipped', clockId, reason: 'not_found' };
  const caseId: string = peek.case_id;
  const [c] = await em.query(`SELECT id, stage, status FROM cases WHERE id = $1 FOR UPDATE`, [caseId]);
  const [k] = await em.query(
    `SELECT id, stage, state, warn_at, due_at, warned_at, breached_at, met_at, waived_at, cancelled_at
       FROM sla_clocks WHERE id = $1 FOR UPDATE`,
    [clockId],
  );
  if (!c || !k) return { outcome: 'skipped', clockId, caseId, reason: 'not_found' };
  if (k.met_at || k.waived_at || k.cancelled_at || ['met', 'waived', 'cancelled'].includes(k.state) || c.status !== 'open') {
    return { outcome: 'skipped', clockId, caseId, reason: 'closed' };
  }
  if (k.breached_at || k.state === 'breached') return { outcome: 'skipped', clockId, caseId, reason: 'already_recorded' };
  const t = now.getTime();
  const dueAt = new Date(k.due_at);
  const warnAt = k.warn_at ? new Date(k.warn_at) : null;
  const stage = k.stage as Stage;
  const current = c.stage === stage;
  const base = { clockId, stage, dueAt: dueAt.toISOString(), warnAt: warnAt?.toISOString() ?? null };

  if (dueAt.getTime() <= t) {
    const lateMs = t - dueAt.getTime();
    await em.query(`UPDATE sla_clocks SET breached_at = $2, state = 'breached' WHERE id = $1`, [clockId, now]);
    if (current) await refreshCaseSla(em, caseId);
    await appendCaseEvent(em, caseId, {
      actor: SYSTEM_ACTOR,
      action: 'sla.breached',
      data: { ...base, lateMs, warningRecorded: !!k.warned_at },
      at: now,
    });
    const alertsRaised = await raiseAlert(em, { type: 'sla.breached', caseId, dedupeKey: `sla.breached:${clockId}`, stage });
    return { outcome: 'breached', clockId, caseId, stage, at: now, moment: dueAt, lateMs, alertsRaised };
  }
  if (kind === 'due') {
    return { outcome: 'not_yet', clockId, caseId, kind, nextAt: dueAt };
  }
  // kind === 'warning'
  if (k.warned_at) return { outcome: 'skipped', clockId, caseId, reason: 'already_recorded' };
  if (!warnAt) return { outcome: 'skipped', clockId, caseId, reason: 'no_warning' };
  if (warnAt.getTime() > t) return { outcome: 'not_yet', clockId, caseId, kind, nextAt: warnAt };
  const lateMs = t - warnAt.getTime();
  await em.query(`UPDATE sla_clocks SET warned_at = $2, state = 'warning' WHERE id = $1`, [clockId, now]);
  if (current) await refreshCaseSla(em, caseId);
  await appendCaseEvent(em, caseId, { actor: SYSTEM_ACTOR, action: 'sla.warning', data: { ...base, lateMs }, at: now });
  const alertsRaised = await raiseAlert(em, {
    type: 'sla.warning',
    caseId,
    dedupeKey: `sla.warning:${clockId}`,
    stage,
    includeAssignee: true,
  });
  return { outcome: 'warned', clockId, caseId, stage, at: now, moment: warnAt, lateMs, alertsRaised };
}

export interface DueClockMoment {
  clockId: string;
  kind: SlaMomentKind;
  at: Date;
}

/**
 * Open clocks whose due or warning moment has passed at `now` without being recorded (the sweep processes them
 * through `fireClockTimer`, the timer's own path). Due moments first; a clock already due is listed once, as
 * `due`. Uses the partial indexes ix_clock_open_due / ix_clock_open_warn.
 */
export async function findDueClockMoments(em: Db, now: Date, limit: number): Promise<DueClockMoment[]> {
  const due: Array<Record<string, any>> = await em.query(
    `SELECT id, due_at FROM sla_clocks
      WHERE state IN ('on_track','warning') AND due_at <= $1
        AND breached_at IS NULL AND met_at IS NULL AND waived_at IS NULL AND cancelled_at IS NULL
      ORDER BY due_at LIMIT $2`,
    [now, limit],
  );
  const out: DueClockMoment[] = due.map((r) => ({ clockId: r.id, kind: 'due', at: new Date(r.due_at) }));
  if (out.length >= limit) return out;
  const warn: Array<Record<string, any>> = await em.query(
    `SELECT id, warn_at FROM sla_clocks
      WHERE state = 'on_track' AND warn_at <= $1 AND due_at > $1
        AND warned_at IS NULL AND breached_at IS NULL AND met_at IS NULL AND waived_at IS NULL AND cancelled_at IS NULL
      ORDER BY warn_at LIMIT $2`,
    [now, limit - out.length],
  );
  return out.concat(warn.map((r) => ({ clockId: r.id, kind: 'warning' as const, at: new Date(r.warn_at) })));
}

/**
 * docs/domain.md "Merchant notice": a freeze confirmed more than `graceMs` ago with no merchant notice recorded raises
 * `freeze_notice.missing` to the case's supervisors, once per case (dedupe key `freeze_notice.missing:<caseId>`).
 * Skipped when the freeze was lifted (`unfrozen_at`) or the bank's last answer is a rejection. Returns the cases
 * alerted in this call.
 */
export async function raiseMissingFreezeNoticeAlerts(em: Db, now: Date, graceMs: number, limit: number): Promise<string[]> {
  const cutoff = new Date(now.getTime() - graceMs);
  const rows: Array<{ case_id: string; stage: string }> = await em.query(
    `SELECT f.case_id, c.stage FROM case_freezes f JOIN cases c ON c.id = f.case_id
      WHERE f.confirmed_at IS NOT NULL AND f.confirmed_at <= $1 AND f.notice_recorded_at IS NULL AND f.unfrozen_at IS NULL
        AND f.last_answer IS DISTINCT FROM 'rejected'
        AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.type = 'freeze_notice.missing' AND a.dedupe_key = 'freeze_notice.missing:' || f.case_id::text)
      ORDER BY f.confirmed_at LIMIT $2`,
    [cutoff, limit],
  );
  const alerted: string[] = [];
  for (const r of rows) {
    const n = await raiseAlert(em, { type: 'freeze_notice.missing', caseId: r.case_id, dedupeKey: `freeze_notice.missing:${r.case_id}`, stage: r.stage });
    if (n > 0) alerted.push(r.case_id);
  }
  return alerted;
}
