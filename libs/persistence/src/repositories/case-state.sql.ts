import type {
  CaseStatus,
  FreezeScope,
  HoldKind,
  HoldStatus,
  RegulatoryKind,
  ContactOutcome,
  EvidenceType,
  MisuseType,
  NotificationStatus,
  NotificationType,
  Outcome,
  Priority,
  Role,
  SlaState,
  Stage,
} from '@sentinel/contracts';
import { CASE_WORK_EVENTS, CALENDAR_24X7, type CaseLookups, type CaseState, type ChangeContext, type ClockPolicy } from '@sentinel/domain';
import { date, int8 } from '../sql';
import { toCalendarSpec, type CalendarRow } from './clocks.repository';

/**
 * The case state as one row (docs/architecture.md "The one write path for a case"): the case row `c` (a CTE the
 * caller defines, locked or not, selecting `CASE_ROW` so that `row_xmin` is there), its freeze record `f`, and the facts the rules look at as correlated
 * subqueries. `row_xmin` / `snapshot_xmin` tell the loader whether the locked row is newer than the statement's
 * snapshot (it waited for another transaction's lock): the subqueries would then be stale, and it reads again.
 */
export const CASE_STATE_COLUMNS = `
  c.id, c.reference, c.terminal_id, c.sn, c.merchant_id, c.merchant_name, c.tid, c.bank_code, c.team_id, c.misuse_type,
  c.stage, c.status, c.outcome, c.closed_from_stage, c.assignee_id, c.priority, c.priority_overridden,
  c.amount_at_risk_minor, c.amount_at_risk_currency, c.waived_stages, c.due_at, c.sla_state, c.version,
  c.last_event_seq, c.head_hash, c.head_at, c.row_xmin,
  (SELECT s.xmin::text FROM cases s WHERE s.id = c.id) AS snapshot_xmin,
  f.requested_at AS f_requested_at, f.notification_id AS f_notification_id, f.bank_reference AS f_bank_reference,
  f.confirmed_at AS f_confirmed_at, f.confirmed_via AS f_confirmed_via, f.rejected_at AS f_rejected_at,
  f.last_answer AS f_last_answer, f.notice_recorded_at AS f_notice_recorded_at,
  f.unfreeze_sent_on_close AS f_unfreeze_sent_on_close, f.unfreeze_notification_id AS f_unfreeze_notification_id,
  f.unfrozen_at AS f_unfrozen_at,
  (SELECT json_build_object('agency', p.agency, 'reportNumber', p.report_number, 'filedAt', p.filed_at)
     FROM police_reports p WHERE p.case_id = c.id) AS s_police,
  (SELECT coalesce(json_agg(json_build_object('outcome', m.outcome, 'findings', m.findings) ORDER BY m.contacted_at), '[]')
     FROM merchant_contacts m WHERE m.case_id = c.id) AS s_contacts,
  (SELECT coalesce(json_agg(json_build_object('type', e.type, 'removed', e.removed_at IS NOT NULL)), '[]')
     FROM evidence e WHERE e.case_id = c.id) AS s_evidence,
  (SELECT coalesce(array_agg(DISTINCT ev.actor_id), '{}') FROM case_events ev
    WHERE ev.case_id = c.id AND ev.action = ANY('{${CASE_WORK_EVENTS.join(',')}}'::text[])) AS s_worked_by,
  (SELECT n.status FROM notifications n WHERE n.case_id = c.id AND n.type = 'freeze.requested' ORDER BY n.created_at DESC LIMIT 1) AS s_last_freeze,
  (SELECT coalesce(array_agg(n.id ORDER BY n.created_at), '{}') FROM notifications n
    WHERE n.case_id = c.id AND n.type = 'freeze.requested' AND n.status IN ('pending','delivering')) AS s_undelivered_freeze,
  (SELECT coalesce(json_agg(json_build_object('id', k.id, 'stage', k.stage, 'entryNo', k.entry_no, 'startedAt', k.started_at,
            'warnAt', k.warn_at, 'dueAt', k.due_at, 'warnedAt', k.warned_at, 'breachedAt', k.breached_at, 'state', k.state)
            ORDER BY k.stage, k.entry_no), '[]')
     FROM sla_clocks k WHERE k.case_id = c.id AND k.state IN ('on_track','warning','breached')
      AND k.met_at IS NULL AND k.waived_at IS NULL AND k.cancelled_at IS NULL) AS s_clocks,
  (SELECT coalesce(json_agg(json_build_object('id', h.id, 'kind', h.kind, 'scope', h.scope, 'status', h.status, 'placedAt', h.placed_at,
            'expiresAt', h.expires_at, 'warnAt', h.warn_at, 'warnedAt', h.warned_at, 'renewals', jsonb_array_length(h.renewals))
            ORDER BY h.placed_at, h.id), '[]')
     FROM holds h WHERE h.case_id = c.id) AS s_holds,
  (SELECT coalesce(json_agg(json_build_object('id', r.id, 'kind', r.kind, 'startedAt', r.started_at, 'warnAt', r.warn_at, 'dueAt', r.due_at,
            'warnedAt', r.warned_at, 'breachedAt', r.breached_at, 'state', r.state) ORDER BY r.started_at, r.id), '[]')
     FROM regulatory_clocks r WHERE r.case_id = c.id AND r.state IN ('on_track','warning','breached')) AS s_regulatory`;

/** What the case CTE `c` selects from `cases`: the row and its version stamp (system columns are not in `*`), from `cases c`. */
export const CASE_ROW = `c.*, c.xmin::text AS row_xmin`;

/**
 * The SLA policies of every stage with their calendars, for the clocks a plan starts (five rows); `when` (a
 * condition on the row) reads them only for the rows it holds for (a many-row read takes them once).
 */
export function policiesColumns(when?: string): string {
  const only = (sub: string) => (when ? `CASE WHEN ${when} THEN ${sub} END` : sub);
  return `
  ${only(`(SELECT json_agg(json_build_object('stage', p.stage, 'target', p.target, 'warnAtPercent', p.warn_at_percent,
          'calendar', (SELECT row_to_json(k) FROM (SELECT id, time_zone, working_hours, holidays::text[] AS holidays,
                         extra_working_days::text[] AS extra FROM calendars WHERE id = p.calendar_id) k)))
     FROM sla_policies p)`)} AS x_policies,
  ${only(`(SELECT json_agg(json_build_object('kind', p.kind, 'target', p.target, 'warnAtPercent', p.warn_at_percent,
          'calendar', (SELECT row_to_json(k) FROM (SELECT id, time_zone, working_hours, holidays::text[] AS holidays,
                         extra_working_days::text[] AS extra FROM calendars WHERE id = p.calendar_id) k)))
     FROM regulatory_policies p)`)} AS x_regulatory_policies`;
}

/** The SLA policies of every stage with their calendars, for the clocks a plan starts (five rows). */
export const POLICIES_COLUMN = policiesColumns();

type Json<T> = T;

export interface CaseStateRow {
  id: string;
  reference: string;
  terminal_id: string;
  sn: string;
  merchant_id: string | null;
  merchant_name: string | null;
  tid: string | null;
  bank_code: string | null;
  team_id: string | null;
  misuse_type: MisuseType;
  stage: Stage;
  status: CaseStatus;
  outcome: Outcome | null;
  closed_from_stage: Stage | null;
  assignee_id: string | null;
  priority: Priority;
  priority_overridden: boolean;
  amount_at_risk_minor: string | null;
  amount_at_risk_currency: string | null;
  waived_stages: Stage[] | null;
  due_at: Date | null;
  sla_state: SlaState | null;
  version: number;
  last_event_seq: number;
  head_hash: string;
  head_at: Date | null;
  row_xmin: string;
  snapshot_xmin: string | null;
  f_requested_at: Date | null;
  f_notification_id: string | null;
  f_bank_reference: string | null;
  f_confirmed_at: Date | null;
  f_confirmed_via: 'callback' | 'analyst' | null;
  f_rejected_at: Date | null;
  f_last_answer: 'confirmed' | 'rejected' | null;
  f_notice_recorded_at: Date | null;
  f_unfreeze_sent_on_close: boolean | null;
  f_unfreeze_notification_id: string | null;
  f_unfrozen_at: Date | null;
  s_police: Json<{ agency: string; reportNumber: string; filedAt: string }> | null;
  s_contacts: Json<Array<{ outcome: ContactOutcome; findings: string | null }>>;
  s_evidence: Json<Array<{ type: EvidenceType; removed: boolean }>>;
  s_worked_by: string[];
  s_last_freeze: NotificationStatus | null;
  s_undelivered_freeze: string[];
  s_clocks: Json<
    Array<{
      id: string;
      stage: Stage;
      entryNo: number;
      startedAt: string;
      warnAt: string | null;
      dueAt: string;
      warnedAt: string | null;
      breachedAt: string | null;
      state: 'on_track' | 'warning' | 'breached';
    }>
  >;
  s_regulatory: Json<
    Array<{ id: string; kind: RegulatoryKind; startedAt: string; warnAt: string; dueAt: string; warnedAt: string | null; breachedAt: string | null; state: 'on_track' | 'warning' | 'breached' }>
  >;
  s_holds: Json<
    Array<{
      id: string;
      kind: HoldKind;
      scope: FreezeScope[];
      status: HoldStatus;
      placedAt: string;
      expiresAt: string | null;
      warnAt: string | null;
      warnedAt: string | null;
      renewals: number;
    }>
  >;
}

/** The lookup columns a change asked for (`x_…`), absent when not asked. */
export interface LookupRow {
  x_policies?: Json<Array<{ stage: Stage; target: string; warnAtPercent: number; calendar: CalendarRow | null }>> | null;
  x_regulatory_policies?: Json<Array<{ kind: RegulatoryKind; target: string; warnAtPercent: number; calendar: CalendarRow | null }>> | null;
  x_bank?: Json<{ code: string; active: boolean }> | null;
  x_assignee?: Json<{ id: string; role: Role; active: boolean }> | null;
  x_actor_active?: boolean | null;
  x_sn_other_open?: boolean;
  x_duplicate_exists?: boolean;
  x_notification?: Json<{
    id: string;
    type: NotificationType;
    status: NotificationStatus;
    bankCode: string;
    generation: number;
    attemptCount: number;
    createdAt: string;
    updatedAt: string;
  }> | null;
  x_evidence?: Json<{ id: string; type: EvidenceType; sha256: string; removedAt: string | null }> | null;
}

/**
 * The lookup columns for `lookups` (domain `lookupsFor`), correlated with the case row `c`. Rows other
 * transactions may change are locked after the case row: users FOR SHARE (a concurrent deactivation waits), the
 * notification FOR UPDATE (the worker's claim and recovery do not take the case lock).
 */
export function lookupColumns(lookups: CaseLookups, p: (v: unknown) => string, batch: { notificationIds?: string[] } = {}): string[] {
  const cols = [POLICIES_COLUMN];
  if (lookups.bank !== undefined) {
    const code = lookups.bank === true ? 'c.bank_code' : p(lookups.bank);
    cols.push(`(SELECT json_build_object('code', b.code, 'active', b.active) FROM banks b WHERE b.code = upper(${code})) AS x_bank`);
  }
  if (lookups.assigneeId !== undefined) {
    cols.push(`(SELECT json_build_object('id', u.id, 'role', u.role, 'active', u.active)
                  FROM (SELECT id, role, active FROM users WHERE id = ${p(lookups.assigneeId)} FOR SHARE) u) AS x_assignee`);
  }
  if (lookups.actorId !== undefined) {
    cols.push(`(SELECT u.active FROM (SELECT active FROM users WHERE id = ${p(lookups.actorId)} FOR SHARE) u) AS x_actor_active`);
  }
  if (lookups.snOtherOpenCase) {
    cols.push(`EXISTS (SELECT 1 FROM cases o WHERE o.sn = c.sn AND o.status = 'open' AND o.id <> c.id) AS x_sn_other_open`);
  }
  if (lookups.duplicateOfId !== undefined) {
    cols.push(`EXISTS (SELECT 1 FROM cases d WHERE d.id = ${p(lookups.duplicateOfId)}) AS x_duplicate_exists`);
  }
  if (lookups.notificationId !== undefined || batch.notificationIds) {
    // A batch (the cases of several notifications, at most one of them per case): each case's own one of them.
    const match = batch.notificationIds ? `id = ANY(${p(batch.notificationIds)}::uuid[])` : `id = ${p(lookups.notificationId)}`;
    cols.push(`(SELECT json_build_object('id', n.id, 'type', n.type, 'status', n.status, 'bankCode', n.bank_code, 'generation', n.generation,
                       'attemptCount', n.attempt_count, 'createdAt', n.created_at, 'updatedAt', n.updated_at)
                  FROM (SELECT * FROM notifications WHERE ${match} AND case_id = c.id FOR UPDATE) n) AS x_notification`);
  }
  if (lookups.evidenceId !== undefined) {
    cols.push(`(SELECT json_build_object('id', e.id, 'type', e.type, 'sha256', e.sha256, 'removedAt', e.removed_at)
                  FROM evidence e WHERE e.id = ${p(lookups.evidenceId)} AND e.case_id = c.id) AS x_evidence`);
  }
  return cols;
}

export function toCaseState(r: CaseStateRow): CaseState {
  const minor = int8(r.amount_at_risk_minor);
  return {
    id: r.id,
    reference: r.reference,
    sn: r.sn,
    terminalId: r.terminal_id,
    merchantId: r.merchant_id,
    merchantName: r.merchant_name,
    tid: r.tid,
    misuseType: r.misuse_type,
    amountAtRisk: minor !== null && r.amount_at_risk_currency ? { minor, currency: r.amount_at_risk_currency } : null,
    teamId: r.team_id,
    stage: r.stage,
    status: r.status,
    outcome: r.outcome,
    closedFromStage: r.closed_from_stage,
    assigneeId: r.assignee_id,
    priority: r.priority,
    priorityOverridden: r.priority_overridden,
    waivedStages: r.waived_stages ?? [],
    bankCode: r.bank_code,
    version: r.version,
    head: { seq: r.last_event_seq, hash: r.head_hash, at: r.head_at },
    sla: { dueAt: r.due_at, state: r.status === 'open' ? r.sla_state : null },
    freeze: {
      requestedAt: r.f_requested_at,
      notificationId: r.f_notification_id,
      bankReference: r.f_bank_reference,
      confirmedAt: r.f_confirmed_at,
      confirmedVia: r.f_confirmed_via,
      rejectedAt: r.f_rejected_at,
      lastRequestStatus: r.s_last_freeze,
      undeliveredRequestIds: r.s_undelivered_freeze,
      lastAnswer: r.f_last_answer,
      noticeRecordedAt: r.f_notice_recorded_at,
      unfreezeSentOnClose: !!r.f_unfreeze_sent_on_close,
      unfreezeNotificationId: r.f_unfreeze_notification_id,
      unfrozenAt: r.f_unfrozen_at,
    },
    policeReport: r.s_police ? { agency: r.s_police.agency, reportNumber: r.s_police.reportNumber, filedAt: date(r.s_police.filedAt) } : null,
    merchantContacts: r.s_contacts,
    evidence: r.s_evidence,
    workedBy: r.s_worked_by,
    clocks: r.s_clocks.map((k) => ({
      id: k.id,
      kind: 'stage',
      stage: k.stage,
      entryNo: k.entryNo,
      startedAt: date(k.startedAt),
      warnAt: date(k.warnAt),
      dueAt: date(k.dueAt),
      warnedAt: date(k.warnedAt),
      breachedAt: date(k.breachedAt),
      state: k.state,
    })),
    holds: r.s_holds.map((h) => ({
      id: h.id,
      kind: h.kind,
      scope: h.scope,
      status: h.status,
      placedAt: date(h.placedAt),
      expiresAt: date(h.expiresAt),
      warnAt: date(h.warnAt),
      warnedAt: date(h.warnedAt),
      renewals: h.renewals,
    })),
    regulatoryClocks: r.s_regulatory.map((k) => ({
      id: k.id,
      kind: k.kind,
      startedAt: date(k.startedAt),
      warnAt: date(k.warnAt),
      dueAt: date(k.dueAt),
      warnedAt: date(k.warnedAt),
      breachedAt: date(k.breachedAt),
      state: k.state,
    })),
  };
}

/** The ChangeContext facts of the lookup columns (`now` and `newId` are the caller's). */
export function toContextFacts(r: LookupRow, lookups: CaseLookups): Omit<ChangeContext, 'now' | 'newId'> {
  const policies: Partial<Record<Stage, ClockPolicy>> = {};
  for (const p of r.x_policies ?? []) {
    const calendar = p.calendar && p.calendar.id !== CALENDAR_24X7.id ? toCalendarSpec(p.calendar) : CALENDAR_24X7;
    policies[p.stage] = { target: p.target, warnAtPercent: p.warnAtPercent, calendar };
  }
  const regulatoryPolicies: Partial<Record<RegulatoryKind, ClockPolicy>> = {};
  for (const p of r.x_regulatory_policies ?? []) {
    const calendar = p.calendar && p.calendar.id !== CALENDAR_24X7.id ? toCalendarSpec(p.calendar) : CALENDAR_24X7;
    regulatoryPolicies[p.kind] = { target: p.target, warnAtPercent: p.warnAtPercent, calendar };
  }
  const n = r.x_notification;
  const e = r.x_evidence;
  return {
    policies,
    regulatoryPolicies,
    ...('x_bank' in r ? { bank: r.x_bank ?? null } : {}),
    ...('x_assignee' in r ? { assignee: r.x_assignee ?? null } : {}),
    ...('x_actor_active' in r ? { actorActive: r.x_actor_active === true } : {}),
    ...('x_sn_other_open' in r ? { snHasOtherOpenCase: !!r.x_sn_other_open } : {}),
    ...(lookups.duplicateOfId !== undefined ? { duplicateOf: { id: lookups.duplicateOfId, exists: !!r.x_duplicate_exists } } : {}),
    ...('x_notification' in r
      ? { notification: n ? { ...n, createdAt: date(n.createdAt), updatedAt: date(n.updatedAt) } : null }
      : {}),
    ...('x_evidence' in r ? { evidenceItem: e ? { ...e, removedAt: date(e.removedAt) } : null } : {}),
  };
}
