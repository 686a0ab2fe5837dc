import type { ChainEvent } from './audit-chain';

/**
 * "State matches history" (docs/api.md "Audit", reconcile): a case's events replayed give the facts its row, its
 * stage records and its clocks must hold. A row changed without an event (a stage moved, an assignee swapped, a
 * breach "repaired") no longer matches what the events say. Pure: the caller loads the rows.
 */

/** The case row's fields that events set through their `data.after` (docs/dev/CONVENTIONS.md "Event vocabulary"). */
export const REPLAYED_CASE_FIELDS = [
  'reference',
  'stage',
  'status',
  'outcome',
  'closedFromStage',
  'duplicateOfCaseId',
  'assigneeId',
  'priority',
  'priorityOverridden',
  'bankCode',
  'teamId',
  'waivedStages',
  'misuseType',
] as const;
export type ReplayedCaseField = (typeof REPLAYED_CASE_FIELDS)[number];
export type CaseRowFacts = Partial<Record<ReplayedCaseField, unknown>>;

export interface ClockFacts {
  id: string;
  stage: string;
  entryNo: number;
  startedAt: Date;
  warnedAt: Date | null;
  breachedAt: Date | null;
  /** met_at, waived_at or cancelled_at */
  endedAt: Date | null;
}

export interface RecordFacts {
  policeReport: { agency: string; reportNumber: string; filedAt: Date; officer: string | null } | null;
  merchantContacts: Array<{ channel: string; contactedAt: Date; outcome: string; findings: string | null }>;
  /** sha256 of the evidence not removed */
  evidence: string[];
}

export interface ReconcileFinding {
  caseId: string;
  /** `case.<field>`, `clock.<stage>#<entry>.<what>`, `record.<what>` */
  what: string;
  /** what the events say */
  expected: unknown;
  /** what the rows hold */
  actual: unknown;
}

/** Events whose `after` describes something else than the case row (a notification, an evidence item). */
const NOT_CASE_PATCHES = /^(notification\.|evidence\.)/;
/** Two timestamps of one change (event `at` and a row's time) agree within this (an event may wait for the head's time). */
const SAME_MOMENT_MS = 2000;

interface StageEntry {
  stage: string;
  startedAt: Date;
  endedAt: Date | null;
}

export interface ReplayedCase {
  fields: CaseRowFacts;
  entries: StageEntry[];
  breachedClocks: Map<string, Date>;
  warnedClocks: Map<string, Date>;
  records: RecordFacts;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Replays one case's events (in seq order). */
export function replayCase(events: ChainEvent[]): ReplayedCase {
  const fields: CaseRowFacts = {};
  const entries: StageEntry[] = [];
  const breachedClocks = new Map<string, Date>();
  const warnedClocks = new Map<string, Date>();
  const records: RecordFacts = { policeReport: null, merchantContacts: [], evidence: [] };
  const evidence = new Map<string, string>();
  let open: StageEntry | null = null;

  for (const e of events) {
    const at = new Date(e.at);
    const d = e.data ?? {};
    const after = isObject(d.after) && !NOT_CASE_PATCHES.test(e.action) ? d.after : null;
    if (after) {
      for (const f of REPLAYED_CASE_FIELDS) if (f in after) fields[f] = after[f];
      const closes = after.status === 'closed';
      const moves = typeof after.stage === 'string' && (!open || after.stage !== open.stage || after.status === 'open');
      if (open && (closes || moves)) {
        open.endedAt = at;
        open = null;
      }
      if (!closes && typeof after.stage === 'string' && !open) {
        open = { stage: after.stage, startedAt: at, endedAt: null };
        // An imported case is opened in its stage without a clock (docs/api.md "Historical import": no clocks for the past).
        if (!(e.action === 'case.opened' && isObject(d.imported))) entries.push(open);
      }
    }
    if ((e.action === 'sla.breached' || e.action === 'sla.warning') && typeof d.clockId === 'string') {
      (e.action === 'sla.breached' ? breachedClocks : warnedClocks).set(d.clockId, at);
    }
    if (e.action === 'record_police_report' && typeof d.agency === 'string' && typeof d.reportNumber === 'string' && typeof d.filedAt === 'string') {
      records.policeReport = { agency: d.agency, reportNumber: d.reportNumber, filedAt: new Date(d.filedAt), officer: typeof d.officer === 'string' ? d.officer : null };
    }
    if (e.action === 'log_merchant_contact' && typeof d.channel === 'string' && typeof d.contactedAt === 'string' && typeof d.outcome === 'string') {
      records.merchantContacts.push({ channel: d.channel, contactedAt: new Date(d.contactedAt), outcome: d.outcome, findings: typeof d.findings === 'string' ? d.findings : null });
    }
    if (e.action === 'evidence.added' && isObject(d.after) && typeof d.after.evidenceId === 'string' && typeof d.after.sha256 === 'string') {
      evidence.set(d.after.evidenceId, d.after.sha256);
    }
    if (e.action === 'evidence.removed') {
      const id = isObject(d.before) && typeof d.before.evidenceId === 'string' ? d.before.evidenceId : typeof d.evidenceId === 'string' ? d.evidenceId : null;
      if (id) evidence.delete(id);
    }
  }
  records.evidence = [...evidence.values()].sort();
  records.merchantContacts.sort((a, b) => a.contactedAt.getTime() - b.contactedAt.getTime());
  return { fields, entries, breachedClocks, warnedClocks, records };
}

const norm = (v: unknown): unknown => (v instanceof Date ? v.toISOString() : Array.isArray(v) ? [...v].map(norm).sort() : v === undefined ? null : v);
const same = (a: unknown, b: unknown) => JSON.stringify(norm(a)) === JSON.stringify(norm(b));
const near = (a: Date | null, b: Date | null) => (a === null || b === null ? a === b : Math.abs(a.getTime() - b.getTime()) <= SAME_MOMENT_MS);
const iso = (d: Date | null) => d?.toISOString() ?? null;

/**
 * Holds a case's rows against its replayed events: every field the events set, each stage entry's clock (one per
 * entry, started and ended when the events say), every SLA warning and breach (recomputed from the `sla.*` events
 * alone: a clock marked breached must have its breach event and the reverse — the "SLA repair" check), the police
 * report, the merchant contacts and the evidence still attached.
 */
export function reconcileCase(caseId: string, events: ChainEvent[], row: CaseRowFacts, clocks: ClockFacts[], records: RecordFacts): ReconcileFinding[] {
  const out: ReconcileFinding[] = [];
  const r = replayCase(events);
  const add = (what: string, expected: unknown, actual: unknown) => out.push({ caseId, what, expected: norm(expected), actual: norm(actual) });

  for (const f of REPLAYED_CASE_FIELDS) {
    if (!(f in r.fields)) continue;
    if (!same(r.fields[f], row[f])) add(`case.${f}`, r.fields[f], row[f]);
  }

  const byStage = new Map<string, ClockFacts[]>();
  for (const k of [...clocks].sort((a, b) => a.entryNo - b.entryNo)) byStage.set(k.stage, [...(byStage.get(k.stage) ?? []), k]);
  const entriesByStage = new Map<string, StageEntry[]>();
  for (const e of r.entries) entriesByStage.set(e.stage, [...(entriesByStage.get(e.stage) ?? []), e]);
  for (const stage of new Set([...byStage.keys(), ...entriesByStage.keys()])) {
    const ks = byStage.get(stage) ?? [];
    const es = entriesByStage.get(stage) ?? [];
    if (ks.length !== es.length) add(`clock.${stage}.count`, es.length, ks.length);
    for (let i = 0; i < Math.min(ks.length, es.length); i++) {
      const k = ks[i];
      const e = es[i];
      const name = `clock.${stage}#${k.entryNo}`;
      if (!near(k.startedAt, e.startedAt)) add(`${name}.startedAt`, iso(e.startedAt), iso(k.startedAt));
      if (!near(k.endedAt, e.endedAt)) add(`${name}.endedAt`, iso(e.endedAt), iso(k.endedAt));
    }
  }
  for (const k of clocks) {
    const name = `clock.${k.stage}#${k.entryNo}`;
    const breach = r.breachedClocks.get(k.id) ?? null;
    if ((breach === null) !== (k.breachedAt === null) || !near(breach, k.breachedAt)) add(`${name}.breachedAt`, iso(breach), iso(k.breachedAt));
    const warning = r.warnedClocks.get(k.id) ?? null;
    if ((warning === null) !== (k.warnedAt === null) || !near(warning, k.warnedAt)) add(`${name}.warnedAt`, iso(warning), iso(k.warnedAt));
  }
  const known = new Set(clocks.map((k) => k.id));
  for (const [id, at] of r.breachedClocks) if (!known.has(id)) add(`clock.${id}.breachedAt`, iso(at), null);

  if (!same(r.records.policeReport, records.policeReport)) add('record.policeReport', r.records.policeReport, records.policeReport);
  const contacts = [...records.merchantContacts].sort((a, b) => a.contactedAt.getTime() - b.contactedAt.getTime());
  if (!same(JSON.stringify(r.records.merchantContacts.map(norm2)), JSON.stringify(contacts.map(norm2)))) add('record.merchantContacts', r.records.merchantContacts, contacts);
  if (!same(r.records.evidence, [...records.evidence].sort())) add('record.evidence', r.records.evidence, records.evidence);
  return out;
}

const norm2 = (c: RecordFacts['merchantContacts'][number]) => ({ ...c, contactedAt: c.contactedAt.toISOString() });
