/**
 * Demo history for the supervisor dashboard: four weeks of closed cases with their stage clocks (met on time or
 * breached) so the breach-rate and time-per-stage charts have something to show on a fresh install. Written with
 * SQL because the past cannot be created through the API — but every event goes through the same audit-chain
 * append as the product (EventsRepository.appendCaseEvents), so the chains verify. Runs once (marker: references SNC-…-H…).
 */
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DEFAULT_SLA_POLICIES, formatCaseReference, GENESIS_HASH, type CalendarSpec, type EventDraft } from '@sentinel/domain';
import { ClocksRepository, createDataSource, EventsRepository, type ChainHeadRef, type Db } from '@sentinel/persistence';
import { computeClockTimes } from '@sentinel/domain';
import type { Stage } from '@sentinel/contracts';

const STAGES: Stage[] = ['freeze', 'police_report', 'merchant_contact', 'evidence', 'review'];
const DAYS = 28;
const EXIT_ACTION: Record<Stage, string> = {
  freeze: 'confirm_freeze',
  police_report: 'record_police_report',
  merchant_contact: 'log_merchant_contact',
  evidence: 'submit_for_review',
  review: 'resolve',
};
const PER_DAY = 5;

const events = new EventsRepository();
const clocks = new ClocksRepository();

/** Appends one event at its historical time, after `head`; returns the new head. */
async function append(db: Db, caseId: string, head: ChainHeadRef, draft: EventDraft, at: Date): Promise<ChainHeadRef> {
  const [ev] = await events.appendCaseEvents(db, caseId, head, [draft], at);
  return { seq: ev.seq, hash: ev.hash };
}

export async function seedHistory(databaseUrl: string, supervisorEmail: string, analystEmail: string): Promise<number> {
  const ds: DataSource = createDataSource({ url: databaseUrl, poolSize: 2, applicationName: 'sentinel-demo-history' });
  await ds.initialize();
  try {
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM cases WHERE reference LIKE 'SNC-%-H%'`);
    if (n > 0) return 0;
    const [sup] = await ds.query(`SELECT id FROM users WHERE lower(email) = lower($1)`, [supervisorEmail]);
    const [ana] = await ds.query(`SELECT id, team_id FROM users WHERE lower(email) = lower($1)`, [analystEmail]);
    if (!sup || !ana) return 0;
    const policies = new Map<string, { target: string; calendar: CalendarSpec; warnAtPercent: number }>();
    for (const stage of STAGES) {
      const [p] = await ds.query(`SELECT target, calendar_id, warn_at_percent FROM sla_policies WHERE stage = $1`, [stage]);
      const d = DEFAULT_SLA_POLICIES[stage];
      policies.set(stage, {
        target: stage === 'freeze' ? 'PT1H' : (p?.target ?? d.target),
        calendar: await clocks.loadCalendar(ds, p?.calendar_id ?? d.calendarId),
        warnAtPercent: p?.warn_at_percent ?? d.warnAtPercent,
      });
    }
    let made = 0;
    let seq = 0;
    for (let day = DAYS; day >= 1; day--) {
      for (let k = 0; k < PER_DAY; k++) {
        seq++;
        // Later weeks are better: the breach rate falls as the team improves (something to see in the chart).
        const breachOdds = 0.45 - (DAYS - day) * 0.012;
        const opened = new Date(Date.now() - day * 86_400_000 + k * 3_600_000 + 9 * 3_600_000);
        await ds.transaction(async (em) => {
          const sn = `HIST-${String(seq).padStart(6, '0')}`;
          const [t] = await em.query(`INSERT INTO terminals (sn, bank_code, merchant_name) VALUES ($1, 'ICBC_SH', 'Historic merchant') RETURNING id`, [sn]);
          const reference = formatCaseReference(opened.getUTCFullYear(), 900000 + seq).replace(/-(\d+)$/, '-H$1');
          const caseId = randomUUID();
          await em.query(
            `INSERT INTO cases (id, reference, terminal_id, sn, bank_code, team_id, misuse_type, stage, status, priority, priority_rank, assignee_id, created_at, updated_at)
             VALUES ($1, $2, $3, $4, 'ICBC_SH', $5, 'cloned_terminal', 'freeze', 'open', 'p3', 3, $6, $7, $7)`,
            [caseId, reference, t.id, sn, ana.team_id, ana.id, opened],
          );
          await em.query(`INSERT INTO case_freezes (case_id, bank_code) VALUES ($1, 'ICBC_SH')`, [caseId]);
          let head = await append(em, caseId, { seq: 0, hash: GENESIS_HASH }, { actor: { id: ana.id, role: 'analyst' }, action: 'case.opened', data: { after: { reference, stage: 'freeze' } } }, opened);
          let at = opened;
          for (const stage of STAGES) {
            const p = policies.get(stage)!;
            const { dueAt, warnAt } = computeClockTimes({ startedAt: at, target: p.target, calendar: p.calendar, warnAtPercent: p.warnAtPercent });
            const budget = dueAt.getTime() - at.getTime();
            const breached = Math.random() < breachOdds;
            const took = Math.round(budget * (breached ? 1.1 + Math.random() * 0.8 : 0.2 + Math.random() * 0.7));
            const metAt = new Date(at.getTime() + took);
            const clockId = randomUUID();
            const warned = metAt > warnAt;
            await em.query(
              `INSERT INTO sla_clocks (id, case_id, stage, entry_no, target, calendar_id, warn_at_percent, started_at, warn_at, due_at, warned_at, breached_at, met_at, state)
               VALUES ($12, $1, $2, 1, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'met')`,
              [caseId, stage, p.target, p.calendar.id, p.warnAtPercent, at, warnAt, dueAt, warned && !breached ? warnAt : null, breached ? dueAt : null, metAt, clockId],
            );
            // warnings and breaches as the worker records them (naming their clock), so the history replays (audit:reconcile)
            const base = { clockId, stage, dueAt: dueAt.toISOString(), warnAt: warnAt.toISOString() };
            if (warned && !breached) {
              head = await append(em, caseId, head, { actor: { id: 'system', role: 'system' }, action: 'sla.warning', data: { ...base, lateMs: 0 } }, warnAt);
            }
            if (breached) {
              head = await append(em, caseId, head, { actor: { id: 'system', role: 'system' }, action: 'sla.breached', data: { ...base, lateMs: 0, warningRecorded: false } }, dueAt);
            }
            // The action that exits each stage, in the product's event vocabulary.
            const next = STAGES[STAGES.indexOf(stage) + 1];
            head = await append(
              em,
              caseId,
              head,
              {
                actor: stage === 'review' ? { id: sup.id, role: 'supervisor' } : { id: ana.id, role: 'analyst' },
                action: EXIT_ACTION[stage],
                data: next ? { before: { stage }, after: { stage: next } } : { before: { status: 'open' }, after: { status: 'closed', outcome: 'confirmed_misuse' } },
              },
              metAt,
            );
            at = metAt;
          }
          await em.query(
            `UPDATE cases SET stage = 'review', status = 'closed', outcome = 'confirmed_misuse', closed_from_stage = 'review', closed_at = $2, updated_at = $2,
                    due_at = NULL, sla_state = NULL WHERE id = $1`,
            [caseId, at],
          );
        });
        made++;
      }
    }
    return made;
  } finally {
    await ds.destroy();
  }
}
