import type {
  CaseListRow,
  CaseView,
  ClockState,
  ClockView,
  ContactChannel,
  ContactOutcome,
  FreezeView,
  MerchantContactView,
  NoteView,
  NoticeChannel,
  NotifiedBy,
  NotificationStatus,
  ReportView,
  TerminalView,
} from '@sentinel/contracts';
import { allowedActions, exitRule, maskTail, type ActorCtx, type CaseState } from '@sentinel/domain';
import { int8 } from '../sql';
import type { CaseStateRow } from './case-state.sql';
import { toEvidenceView, type EvidenceRow } from './evidence.repository';
import { HOLD_VIEW_SELECT, toHoldView, type HoldRow } from './holds.repository';
import { CASE_WATCHLIST_HITS, toWatchlistHits } from './watchlist.repository';
import { REGULATORY_VIEW_SELECT, toRegulatoryClockView, type RegulatoryClockRow } from './regulatory.repository';

const iso = (d: Date | string | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

/** Flat list row of GET /api/cases, from `cases c LEFT JOIN users u ON u.id = c.assignee_id`. */
export const CASE_ROW_SELECT = `c.id, c.reference, c.sn, c.merchant_name, c.bank_code, c.team_id, c.stage, c.status, c.outcome, c.priority,
  c.assignee_id, u.name AS assignee_name, c.due_at, c.sla_state, c.misuse_type, c.created_at, c.updated_at, c.version`;

export interface CaseListDbRow
  extends Pick<
    CaseStateRow,
    'id' | 'reference' | 'sn' | 'merchant_name' | 'bank_code' | 'team_id' | 'stage' | 'status' | 'outcome' | 'priority' | 'assignee_id' | 'due_at' | 'sla_state' | 'misuse_type' | 'version'
  > {
  assignee_name: string | null;
  created_at: Date;
  updated_at: Date;
}

export function toCaseRow(r: CaseListDbRow): CaseListRow {
  return {
    id: r.id,
    reference: r.reference,
    sn: r.sn,
    merchantName: r.merchant_name,
    bankCode: r.bank_code,
    teamId: r.team_id,
    stage: r.stage,
    status: r.status,
    outcome: r.outcome,
    priority: r.priority,
    assigneeId: r.assignee_id,
    assignee: r.assignee_id ? { id: r.assignee_id, name: r.assignee_name ?? '' } : null,
    dueAt: iso(r.due_at),
    slaState: r.status === 'open' ? r.sla_state : null,
    misuseType: r.misuse_type,
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
    version: r.version,
  };
}

export interface TerminalRow {
  id: string;
  sn: string;
  model: string | null;
  tid: string | null;
  bank_code: string | null;
  merchant_id: string | null;
  merchant_name: string | null;
  merchant_credit_code: string | null;
  settlement_account: string | null;
  registered_address: string | null;
  time_zone: string | null;
  replaced_by_sn?: string | null;
  replaced_at?: Date | string | null;
  replaces_sn?: string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

export function toTerminalView(t: TerminalRow): TerminalView {
  return {
    id: t.id,
    sn: t.sn,
    model: t.model,
    tid: t.tid,
    bankCode: t.bank_code,
    merchantId: t.merchant_id,
    merchantName: t.merchant_name,
    merchantCreditCode: maskTail(t.merchant_credit_code),
    settlementAccount: maskTail(t.settlement_account),
    registeredAddress: t.registered_address,
    timeZone: t.time_zone,
    replacedBy: t.replaced_by_sn ?? null,
    replacedAt: iso(t.replaced_at),
    replaces: t.replaces_sn ?? null,
    createdAt: iso(t.created_at)!,
    updatedAt: iso(t.updated_at)!,
  };
}

/** A reports row as selected (directly, or as JSON on the case page). */
export interface ReportRow {
  id: string;
  case_id: string;
  payload: Record<string, unknown> | null;
  received_at: Date | string;
  created_at: Date | string;
  submitted_by: string;
  submitted_by_role: string;
}

export function toReportView(r: ReportRow, caseReference: string): ReportView {
  return {
    ...((r.payload ?? {}) as unknown as Omit<ReportView, 'id' | 'caseId' | 'caseReference' | 'receivedAt' | 'createdAt' | 'submittedBy'>),
    id: r.id,
    caseId: r.case_id,
    caseReference,
    receivedAt: iso(r.received_at)!,
    createdAt: iso(r.created_at)!,
    submittedBy: { id: r.submitted_by, role: r.submitted_by_role },
  };
}

export interface ClockRow {
  id: string;
  stage: ClockView['stage'];
  started_at: Date | string;
  due_at: Date | string;
  warn_at: Date | string | null;
  paused_ms: string | number | null;
  warned_at: Date | string | null;
  breached_at: Date | string | null;
  met_at: Date | string | null;
  waived_at: Date | string | null;
  cancelled_at: Date | string | null;
  state: ClockState;
  calendar_id: string;
  target: string;
}

export function toClockView(k: ClockRow): ClockView {
  return {
    id: k.id,
    stage: k.stage,
    startedAt: iso(k.started_at)!,
    dueAt: iso(k.due_at)!,
    warnAt: iso(k.warn_at),
    pausedMs: int8(k.paused_ms) ?? 0,
    warnedAt: iso(k.warned_at),
    breachedAt: iso(k.breached_at),
    metAt: iso(k.met_at),
    endedAt: iso(k.met_at ?? k.waived_at ?? k.cancelled_at),
    state: k.state,
    calendarId: k.calendar_id,
    target: k.target,
  };
}

/** The case page's records, each as JSON, selected beside the state (one statement, so one snapshot). */
export const CASE_VIEW_COLUMNS = `
  c.created_at, c.updated_at, c.closed_at, c.duplicate_of_case_id, c.last_return_reason, c.last_return_by, c.last_return_at,
  (SELECT name FROM users WHERE id = c.last_return_by) AS last_return_by_name,
  (SELECT name FROM users WHERE id = c.assignee_id) AS assignee_name,
  (SELECT row_to_json(t) FROM terminals t WHERE t.id = c.terminal_id) AS v_terminal,
  (SELECT coalesce(json_agg(r ORDER BY r.received_at, r.created_at), '[]') FROM reports r WHERE r.case_id = c.id) AS v_reports,
  (SELECT row_to_json(fr) FROM case_freezes fr WHERE fr.case_id = c.id) AS v_freeze,
  (SELECT row_to_json(p) FROM (SELECT p.*, u.name AS recorded_by_name FROM police_reports p LEFT JOIN users u ON u.id = p.recorded_by
                                WHERE p.case_id = c.id) p) AS v_police,
  (SELECT coalesce(json_agg(m ORDER BY m.contacted_at, m.created_at), '[]')
     FROM (SELECT m.*, u.name AS recorded_by_name FROM merchant_contacts m LEFT JOIN users u ON u.id = m.recorded_by WHERE m.case_id = c.id) m) AS v_contacts,
  (SELECT coalesce(json_agg(e ORDER BY e.added_at), '[]')
     FROM (SELECT e.*, u.name AS added_by_name, r.name AS removed_by_name FROM evidence e JOIN users u ON u.id = e.added_by
             LEFT JOIN users r ON r.id = e.removed_by WHERE e.case_id = c.id) e) AS v_evidence,
  (SELECT coalesce(json_agg(k ORDER BY k.started_at, k.entry_no), '[]') FROM sla_clocks k WHERE k.case_id = c.id) AS v_clocks,
  (SELECT coalesce(json_agg(h ORDER BY h.placed_at DESC, h.id), '[]')
     FROM (SELECT ${HOLD_VIEW_SELECT} FROM holds h JOIN cases hc ON hc.id = h.case_id WHERE h.case_id = c.id) h) AS v_holds,
  (SELECT coalesce(json_agg(r ORDER BY r.started_at, r.id), '[]')
     FROM (SELECT ${REGULATORY_VIEW_SELECT} FROM regulatory_clocks r JOIN cases rc ON rc.id = r.case_id WHERE r.case_id = c.id) r) AS v_regulatory,
  ${CASE_WATCHLIST_HITS},
  (SELECT coalesce(json_agg(n ORDER BY n.created_at), '[]')
     FROM (SELECT n.*, u.name AS author_name FROM case_notes n JOIN users u ON u.id = n.author_id WHERE n.case_id = c.id) n) AS v_notes,
  (SELECT row_to_json(x) FROM (SELECT id, status FROM notifications WHERE case_id = c.id AND type = 'freeze.requested'
                                ORDER BY created_at DESC LIMIT 1) x) AS v_last_freeze`;

interface FreezeJson {
  bank_code: string | null;
  requested_at: string | null;
  bank_reference: string | null;
  confirmed_at: string | null;
  confirmed_via: 'callback' | 'analyst' | null;
  rejected_at: string | null;
  rejection_reason: string | null;
  notice_notified_at: string | null;
  notice_channel: NoticeChannel | null;
  notice_notified_by: NotifiedBy | null;
  notice_appeal_instructions_given: boolean | null;
  notice_recorded_by: string | null;
  unfreeze_requested_at: string | null;
  unfrozen_at: string | null;
}

export interface CaseViewRow extends CaseStateRow {
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
  duplicate_of_case_id: string | null;
  last_return_reason: string | null;
  last_return_by: string | null;
  last_return_at: Date | null;
  last_return_by_name: string | null;
  assignee_name: string | null;
  v_terminal: TerminalRow;
  v_reports: ReportRow[];
  v_freeze: FreezeJson | null;
  v_police: { agency: string; report_number: string; filed_at: string; officer: string | null; recorded_by: string; recorded_by_name: string | null; recorded_at: string } | null;
  v_contacts: Array<{ id: string; channel: ContactChannel; contacted_at: string; outcome: ContactOutcome; findings: string | null; recorded_by: string; recorded_by_name: string | null; created_at: string }>;
  v_evidence: EvidenceRow[];
  v_clocks: ClockRow[];
  v_holds: HoldRow[];
  v_regulatory: RegulatoryClockRow[];
  v_watchlist_hits: Parameters<typeof toWatchlistHits>[0];
  v_notes: Array<{ id: string; text: string; author_id: string; author_name: string; created_at: string }>;
  v_last_freeze: { id: string; status: NotificationStatus } | null;
}

/** GET /api/cases/:id: the case page, with `allowedActions` and `exitRule` for the caller. */
export function toCaseView(v: CaseViewRow, state: CaseState, actor: ActorCtx): CaseView {
  const f = v.v_freeze;
  const freeze: FreezeView = {
    bankCode: f?.bank_code ?? v.bank_code ?? null,
    requestedAt: iso(f?.requested_at),
    notificationId: v.v_last_freeze?.id ?? null,
    notificationStatus: v.v_last_freeze?.status ?? null,
    bankReference: f?.bank_reference ?? null,
    confirmedAt: iso(f?.confirmed_at),
    confirmedVia: f?.confirmed_via ?? null,
    rejectedAt: iso(f?.rejected_at),
    rejectionReason: f?.rejection_reason ?? null,
    notice:
      f?.notice_notified_at && f.notice_channel && f.notice_notified_by && f.notice_recorded_by
        ? {
            notifiedAt: iso(f.notice_notified_at)!,
            channel: f.notice_channel,
            notifiedBy: f.notice_notified_by,
            appealInstructionsGiven: !!f.notice_appeal_instructions_given,
            recordedBy: f.notice_recorded_by,
          }
        : null,
    unfreezeRequestedAt: iso(f?.unfreeze_requested_at),
    unfrozenAt: iso(f?.unfrozen_at),
  };
  const police = v.v_police;
  return {
    ...toCaseRow(v),
    terminal: toTerminalView(v.v_terminal),
    misuseType: v.misuse_type,
    amountAtRisk: state.amountAtRisk,
    priorityOverridden: v.priority_overridden,
    closedAt: iso(v.closed_at),
    closedFromStage: v.closed_from_stage,
    duplicateOfCaseId: v.duplicate_of_case_id,
    waivedStages: v.waived_stages ?? [],
    lastReturn:
      v.last_return_at && v.last_return_by && v.last_return_reason !== null
        ? { reason: v.last_return_reason, by: v.last_return_by, byName: v.last_return_by_name, at: iso(v.last_return_at)! }
        : null,
    reports: v.v_reports.map((r) => toReportView(r, v.reference)),
    freeze,
    policeReport: police
      ? {
          agency: police.agency,
          reportNumber: police.report_number,
          filedAt: iso(police.filed_at)!,
          officer: police.officer,
          recordedBy: police.recorded_by,
          recordedByName: police.recorded_by_name ?? null,
          recordedAt: iso(police.recorded_at)!,
        }
      : null,
    merchantContacts: v.v_contacts.map(
      (m): MerchantContactView => ({
        id: m.id,
        channel: m.channel,
        contactedAt: iso(m.contacted_at)!,
        outcome: m.outcome,
        findings: m.findings,
        recordedBy: m.recorded_by,
        recordedByName: m.recorded_by_name ?? null,
        createdAt: iso(m.created_at)!,
      }),
    ),
    evidence: v.v_evidence.map(toEvidenceView),
    clocks: v.v_clocks.map(toClockView),
    holds: v.v_holds.map(toHoldView),
    regulatoryClocks: v.v_regulatory.map(toRegulatoryClockView),
    watchlistHits: toWatchlistHits(v.v_watchlist_hits),
    notes: v.v_notes.map((n): NoteView => ({ id: n.id, text: n.text, authorId: n.author_id, authorName: n.author_name, createdAt: iso(n.created_at)! })),
    headHash: v.head_hash,
    lastEventSeq: v.last_event_seq,
    allowedActions: allowedActions(state, actor),
    exitRule: state.status === 'open' ? exitRule(state) : { met: false, missing: [] },
  };
}
