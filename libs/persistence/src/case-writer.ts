import { randomUUID } from 'node:crypto';
import {
  GENESIS_HASH,
  lookupsFor,
  planChange,
  type CaseChange,
  type CaseState,
  type ChainEvent,
  type ChangePlan,
  type FreezePatch,
  type NewCaseChange,
} from '@sentinel/domain';
import { foldInserts, runTogether, type Db, type Statement } from './sql';
import { AlertsRepository } from './repositories/alerts.repository';
import { CaseRecordsRepository } from './repositories/case-records.repository';
import { CasesRepository, type CaseSelector } from './repositories/cases.repository';
import { ClocksRepository } from './repositories/clocks.repository';
import { EventsRepository } from './repositories/events.repository';
import { EvidenceRepository } from './repositories/evidence.repository';
import { HoldsRepository } from './repositories/holds.repository';
import { RegulatoryRepository } from './repositories/regulatory.repository';
import { WatchlistRepository } from './repositories/watchlist.repository';
import { NotificationsRepository } from './repositories/notifications.repository';
import { ReportsRepository } from './repositories/reports.repository';

/**
 * What a committed change wants woken up (BullMQ jobs; the rows are the truth, these are wake-up calls). Clocks
 * carry their kind so regulatory clocks and hold expiries can ride the same timers.
 */
export interface Wakeups {
  notificationIds: Array<{ id: string; generation?: number }>;
  clocks: Array<{ id: string; kind: 'stage'; warnAt: Date | null; dueAt: Date }>;
  /** holds placed or renewed with an expiry: their alarm and expiry timers */
  holds: Array<{ id: string; warnAt: Date | null; expiresAt: Date }>;
  /** regulatory clocks started: their warning and due timers */
  regulatory: Array<{ id: string; warnAt: Date; dueAt: Date }>;
  /** the plan raised alerts: route them to their users' channels (alert-channels `dispatch`) */
  alerts?: true;
}

export interface AppliedChange {
  caseId: string;
  /** the events appended, as chained (seq, hash) */
  events: ChainEvent[];
  /** publish after commit */
  wakeups: Wakeups;
  /** alerts actually created (an alert raised before for the same dedupe key is not counted) */
  alertsRaised: number;
}

/**
 * The case writer (docs/architecture.md "The one write path for a case"): applies a ChangePlan as it is, in the
 * caller's transaction, in two round trips — every row write of the plan in one statement (case row, records,
 * clocks, outbox, alerts), then every event in one append that moves the chain head — on a case row the loader
 * locked. It decides nothing: ids, times and bodies are in the plan.
 */
export class CaseWriter {
  private readonly cases = new CasesRepository();
  private readonly records = new CaseRecordsRepository();
  private readonly evidence = new EvidenceRepository();
  private readonly reports = new ReportsRepository();
  private readonly holds = new HoldsRepository();
  private readonly regulatory = new RegulatoryRepository();
  private readonly watchlist = new WatchlistRepository();
  private readonly clocks = new ClocksRepository();
  private readonly notifications = new NotificationsRepository();
  private readonly events = new EventsRepository();
  private readonly alerts = new AlertsRepository();

  async apply(db: Db, state: CaseState | null, plan: ChangePlan, now: Date): Promise<AppliedChange> {
    return (await this.applyMany(db, [{ state, plan, now }]))[0];
  }

  /**
   * Several plans, each over a different case, in the same two round trips: every row write of every plan in one
   * statement (one-row INSERTs of the same kind folded into multi-row INSERTs), then every event in one append
   * that moves each case's chain head. A later plan for a case one of these writes must be planned on the state
   * read after them (a batch's next round), never in the same call.
   */
  async applyMany(db: Db, items: Array<{ state: CaseState | null; plan: ChangePlan; now: Date }>): Promise<AppliedChange[]> {
    const targets = items.map(({ state, plan }) => {
      const inserted = plan.case?.op === 'insert' ? plan.case.row : null;
      const target = inserted
        ? { id: inserted.id, reference: inserted.reference, teamId: inserted.teamId, head: { seq: 0, hash: GENESIS_HASH } }
        : state
          ? { id: state.id, reference: state.reference, teamId: state.teamId, head: state.head }
          : null;
      if (!target) throw new Error('a plan applies to a loaded case or inserts one');
      return target;
    });
    if (new Set(targets.map((t) => t.id)).size !== targets.length) throw new Error('applyMany: one plan per case');

    const folded: Statement[] = [];
    const counted: Array<Statement & { item: number }> = [];
    items.forEach(({ plan, now }, k) => {
      const target = targets[k];
      if (plan.case?.op === 'insert') folded.push(this.cases.insertStatement(plan.case.row));
      if (plan.case?.op === 'update') {
        const update = this.cases.updateStatement(target.id, plan.case.patch, plan.case.bumpVersion, now);
        if (update) folded.push(update);
      }
      folded.push(...this.recordStatements(target.id, plan, now));
      if (plan.clocks.length) folded.push(...this.clocks.writeStatements(target.id, plan.clocks));
      if (plan.outbox.length) folded.push(...this.notifications.writeStatements(target.id, plan.outbox));
      if (plan.alerts.length) counted.push({ ...this.alerts.raiseStatement(target, plan.alerts), item: k });
    });
    const writes = [...(items.length > 1 ? foldInserts(folded) : folded), ...counted];
    const counts = await runTogether(db, writes);
    const raised = new Array<number>(items.length).fill(0);
    counted.forEach((c, j) => (raised[c.item] = counts[writes.length - counted.length + j]));
    const chains = await this.events.appendManyCaseEvents(
      db,
      items.map(({ plan, now }, k) => ({ caseId: targets[k].id, head: targets[k].head, drafts: plan.events, now })),
    );
    return items.map(({ plan }, k) => ({ caseId: targets[k].id, events: chains[k], wakeups: wakeupsOf(plan), alertsRaised: raised[k] }));
  }

  private recordStatements(caseId: string, plan: ChangePlan, now: Date): Statement[] {
    const out: Statement[] = [];
    const freeze: FreezePatch[] = [];
    for (const r of plan.records) {
      switch (r.record) {
        case 'freeze':
          freeze.push(r.patch);
          break;
        case 'evidence_added':
          out.push(this.evidence.addStatement(caseId, r.item));
          break;
        case 'evidence_removed':
          out.push(this.evidence.removeStatement(caseId, r));
          break;
        case 'report':
          out.push(this.reports.insertStatement(r.report));
          break;
        case 'hold_placed':
        case 'hold_renewed':
        case 'hold_released':
        case 'hold_warned':
        case 'hold_expired':
          out.push(this.holds.statement(caseId, r));
          break;
        case 'regulatory_started':
        case 'regulatory_filed':
        case 'regulatory_cancelled':
        case 'regulatory_marked':
          out.push(this.regulatory.statement(caseId, r));
          break;
        case 'watchlist_added':
        case 'watchlist_hit':
        case 'terminal_replaced':
          out.push(...this.watchlist.statements(r));
          break;
        default:
          out.push(this.records.statement(caseId, r));
      }
    }
    if (freeze.length) out.push(this.records.freezeStatement(caseId, freeze, now));
    return out;
  }

  /**
   * Load → plan → apply, for a change with nothing to check in between (the worker's timers and deliveries, bank
   * callbacks, retries, unassignment): the case of `sel` locked with the lookups the change needs. Undefined when
   * there is no such case.
   */
  async change(
    db: Db,
    sel: CaseSelector,
    change: Exclude<CaseChange, NewCaseChange>,
    now: Date,
  ): Promise<{ plan: ChangePlan; applied: AppliedChange; state: CaseState } | undefined> {
    const loaded = await this.cases.loadState(db, sel, { lock: true, lookups: lookupsFor(change) });
    if (!loaded) return undefined;
    const plan = planChange(loaded.state, change, loaded.context(now, randomUUID));
    return { plan, applied: await this.apply(db, loaded.state, plan, now), state: loaded.state };
  }

  /**
   * `change` for several cases at once (the worker's delivery results recorded together): the cases of `sel` locked
   * in one read (in id order), a plan for each item whose case was loaded, all applied in one `applyMany`. One item
   * per case. An item gets undefined when its case was not loaded, or the error its plan threw (nothing of it is
   * applied; the others are): the caller records those on their own.
   */
  async changeMany(
    db: Db,
    sel: CaseSelector,
    items: Array<{ caseId: string; change: Exclude<CaseChange, NewCaseChange>; now: Date }>,
  ): Promise<Array<{ plan: ChangePlan; applied: AppliedChange; state: CaseState } | { error: unknown } | undefined>> {
    const loaded = new Map((await this.cases.loadStates(db, sel, { lock: true, lookups: {} })).map((l) => [l.state.id, l]));
    type Planned = { state: CaseState; plan: ChangePlan; now: Date };
    const planned = items.map(({ caseId, change, now }): Planned | { error: unknown } | undefined => {
      const l = loaded.get(caseId);
      if (!l) return undefined;
      try {
        return { state: l.state, plan: planChange(l.state, change, l.context(now, randomUUID)), now };
      } catch (error) {
        return { error };
      }
    });
    const toApply = planned.filter((x): x is Planned => !!x && 'plan' in x);
    const applied = toApply.length ? await this.applyMany(db, toApply) : [];
    return planned.map((x) => (x && 'plan' in x ? { plan: x.plan, state: x.state, applied: applied[toApply.indexOf(x)] } : x));
  }
}

function wakeupsOf(plan: ChangePlan): Wakeups {
  const w: Wakeups = { notificationIds: [], clocks: [], holds: [], regulatory: [] };
  for (const o of plan.outbox) {
    if (o.op === 'queue') w.notificationIds.push({ id: o.id, generation: 1 });
    if (o.op === 'retry') w.notificationIds.push({ id: o.id, generation: o.generation });
  }
  for (const c of plan.clocks) if (c.op === 'start') w.clocks.push({ id: c.id, kind: c.clock.kind, warnAt: c.warnAt, dueAt: c.dueAt });
  for (const r of plan.records) {
    if (r.record === 'hold_placed' && r.hold.expiresAt) w.holds.push({ id: r.hold.id, warnAt: r.hold.warnAt, expiresAt: r.hold.expiresAt });
    if (r.record === 'hold_renewed') w.holds.push({ id: r.holdId, warnAt: r.warnAt, expiresAt: r.expiresAt });
    if (r.record === 'regulatory_started') w.regulatory.push({ id: r.clock.id, warnAt: r.clock.warnAt, dueAt: r.clock.dueAt });
  }
  if (plan.alerts.length) w.alerts = true;
  return w;
}
