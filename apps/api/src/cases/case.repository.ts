import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CaseListRow, CaseView, ClockView, EvidenceView, FreezeView, MerchantContactView, NoteView, ReportView, TerminalView } from '@sentinel/contracts';
import { allowedActions, exitRule, maskTail, STAGE_RECORDING_ACTIONS, type ActorCtx, type CaseState } from '@sentinel/domain';
import { notFound } from '../common/problem.exception';
import { assertUuid } from '../common/list-query';

const iso = (d: Date | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

/** Flat list row of GET /api/cases, from `cases c LEFT JOIN users u ON u.id = c.assignee_id`. */
export const CASE_ROW_SELECT = `c.id, c.reference, c.sn, c.merchant_name, c.bank_code, c.team_id, c.stage, c.status, c.outcome, c.priority,
  c.assignee_id, u.name AS assignee_name, c.due_at, c.sla_state, c.misuse_type, c.created_at, c.updated_at, c.version`;

export function toCaseRow(r: any): CaseListRow {
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
    assignee: r.assignee_id ? { id: r.assignee_id, name: r.assignee_name } : null,
    dueAt: iso(r.due_at),
    slaState: r.status === 'open' ? r.sla_state : null,
    misuseType: r.misuse_type,
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
    version: r.version,
  };
}

export function toTerminalView(t: any): TerminalView {
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
    createdAt: iso(t.created_at)!,
    updatedAt: iso(t.updated_at)!,
  };
}

export function toReportView(r: any, caseReference: string): ReportView {
  return {
    ...(r.payload ?? {}),
    id: r.id,
    caseId: r.case_id,
    caseReference,
    receivedAt: iso(r.received_at)!,
    createdAt: iso(r.created_at)!,
    submittedBy: { id: r.submitted_by, role: r.submitted_by_role },
  };
}

/** Reads cases for the rules (CaseState) and for the case page (CaseView). Queries only; no rules. */
@Injectable()
export class CaseRepository {
  /** Loads the case for a command; `lock` takes the row lock that serialises changes to one case. */
  async loadState(em: EntityManager, id: string, lock: boolean): Promise<{ state: CaseState; row: any }> {
    assertUuid(id, 'case');
    // One round trip: the case row (locked when asked) with everything the rules look at.
    const [row] = await em.query(
      `SELECT c.*, f.requested_at AS f_requested_at, f.confirmed_at AS f_confirmed_at, f.rejected_at AS f_rejected_at,
              f.last_answer AS f_last_answer, f.notice_recorded_at AS f_notice_recorded_at, f.unfreeze_sent_on_close AS f_unfreeze_sent_on_close,
              (SELECT row_to_json(p) FROM (SELECT agency, report_number, filed_at FROM police_reports WHERE case_id = c.id) p) AS s_police,
              (SELECT coalesce(json_agg(json_build_object('outcome', m.outcome, 'findings', m.findings) ORDER BY m.contacted_at), '[]')
                 FROM merchant_contacts m WHERE m.case_id = c.id) AS s_contacts,
              (SELECT coalesce(json_agg(json_build_object('type', e.type, 'removed', e.removed_at IS NOT NULL)), '[]')
                 FROM evidence e WHERE e.case_id = c.id) AS s_evidence,
              (SELECT coalesce(array_agg(DISTINCT ev.actor_id), '{}') FROM case_events ev WHERE ev.case_id = c.id AND ev.action = ANY($2)) AS s_worked_by,
              (SELECT n.status FROM notifications n WHERE n.case_id = c.id AND n.type = 'freeze.requested' ORDER BY n.created_at DESC LIMIT 1) AS s_last_freeze
         FROM cases c LEFT JOIN case_freezes f ON f.case_id = c.id WHERE c.id = $1 ${lock ? 'FOR UPDATE OF c' : ''}`,
      [id, STAGE_RECORDING_ACTIONS],
    );
    if (!row) throw notFound('case', id);
    const police = row.s_police;
    const state: CaseState = {
      id: row.id,
      stage: row.stage,
      status: row.status,
      outcome: row.outcome,
      closedFromStage: row.closed_from_stage,
      assigneeId: row.assignee_id,
      priority: row.priority,
      priorityOverridden: row.priority_overridden,
      waivedStages: row.waived_stages ?? [],
      bankCode: row.bank_code,
      freeze: {
        requestedAt: row.f_requested_at,
        confirmedAt: row.f_confirmed_at,
        rejectedAt: row.f_rejected_at,
        lastRequestStatus: row.s_last_freeze ?? null,
        lastAnswer: row.f_last_answer,
        noticeRecordedAt: row.f_notice_recorded_at,
        unfreezeSentOnClose: !!row.f_unfreeze_sent_on_close,
      },
      policeReport: police ? { agency: police.agency, reportNumber: police.report_number, filedAt: new Date(police.filed_at) } : null,
      merchantContacts: row.s_contacts,
      evidence: row.s_evidence,
      workedBy: row.s_worked_by,
    };
    return { state, row };
  }

  /** The whole case page of GET /api/cases/:id, with allowedActions and exitRule for the caller. */
  async loadView(em: EntityManager, id: string, actor: ActorCtx): Promise<CaseView> {
    const { state, row } = await this.loadState(em, id, false);
    // One more round trip for the page: every record as JSON.
    const [v] = await em.query(
      `SELECT
         (SELECT row_to_json(t) FROM terminals t WHERE t.id = $2) AS terminal,
         (SELECT name FROM users WHERE id = $3) AS assignee_name,
         (SELECT coalesce(json_agg(r ORDER BY r.received_at, r.created_at), '[]') FROM reports r WHERE r.case_id = $1) AS reports,
         (SELECT row_to_json(f) FROM case_freezes f WHERE f.case_id = $1) AS freeze,
         (SELECT row_to_json(p) FROM (SELECT p.*, u.name AS recorded_by_name FROM police_reports p LEFT JOIN users u ON u.id = p.recorded_by
                                       WHERE p.case_id = $1) p) AS police,
         (SELECT coalesce(json_agg(m ORDER BY m.contacted_at, m.created_at), '[]')
            FROM (SELECT m.*, u.name AS recorded_by_name FROM merchant_contacts m LEFT JOIN users u ON u.id = m.recorded_by WHERE m.case_id = $1) m) AS contacts,
         (SELECT coalesce(json_agg(e ORDER BY e.added_at), '[]')
            FROM (SELECT e.*, u.name AS added_by_name, r.name AS removed_by_name FROM evidence e JOIN users u ON u.id = e.added_by
                    LEFT JOIN users r ON r.id = e.removed_by WHERE e.case_id = $1) e) AS evidence,
         (SELECT coalesce(json_agg(k ORDER BY k.started_at, k.entry_no), '[]') FROM sla_clocks k WHERE k.case_id = $1) AS clocks,
         (SELECT coalesce(json_agg(n ORDER BY n.created_at), '[]')
            FROM (SELECT n.*, u.name AS author_name FROM case_notes n JOIN users u ON u.id = n.author_id WHERE n.case_id = $1) n) AS notes,
         (SELECT row_to_json(x) FROM (SELECT id, status FROM notifications WHERE case_id = $1 AND type = 'freeze.requested'
                                       ORDER BY created_at DESC LIMIT 1) x) AS last_freeze`,
      [id, row.terminal_id, row.assignee_id],
    );
    const terminal = [v.terminal];
    const assignee = v.assignee_name ? [{ name: v.assignee_name }] : [];
    const reports = v.reports;
    const freeze = v.freeze ? [v.freeze] : [];
    const police = v.police ? [v.police] : [];
    const contacts = v.contacts;
    const evidence = v.evidence;
    const clocks = v.clocks;
    const notes = v.notes;
    const lastFreeze = v.last_freeze ? [v.last_freeze] : [];
    const f = freeze[0] ?? {};
    const freezeView: FreezeView = {
      bankCode: f.bank_code ?? row.bank_code ?? null,
      requestedAt: iso(f.requested_at),
      notificationId: lastFreeze[0]?.id ?? null,
      notificationStatus: lastFreeze[0]?.status ?? null,
      bankReference: f.bank_reference ?? null,
      confirmedAt: iso(f.confirmed_at),
      confirmedVia: f.confirmed_via ?? null,
      rejectedAt: iso(f.rejected_at),
      rejectionReason: f.rejection_reason ?? null,
      notice: f.notice_notified_at
        ? {
            notifiedAt: iso(f.notice_notified_at)!,
            channel: f.notice_channel,
            notifiedBy: f.notice_notified_by,
            appealInstructionsGiven: !!f.notice_appeal_instructions_given,
            recordedBy: f.notice_recorded_by,
          }
        : null,
      unfreezeRequestedAt: iso(f.unfreeze_requested_at),
      unfrozenAt: iso(f.unfrozen_at),
    };
    const base = toCaseRow({ ...row, assignee_name: assignee[0]?.name });
    return {
      ...base,
      terminal: toTerminalView(terminal[0]),
      misuseType: row.misuse_type,
      amountAtRisk: row.amount_at_risk_minor != null ? { minor: Number(row.amount_at_risk_minor), currency: row.amount_at_risk_currency } : null,
      priorityOverridden: row.priority_overridden,
      closedAt: iso(row.closed_at),
      closedFromStage: row.closed_from_stage,
      duplicateOfCaseId: row.duplicate_of_case_id,
      waivedStages: row.waived_stages ?? [],
      reports: reports.map((r: any) => toReportView(r, row.reference)),
      freeze: freezeView,
      policeReport: police[0]
        ? {
            agency: police[0].agency,
            reportNumber: police[0].report_number,
            filedAt: iso(police[0].filed_at)!,
            officer: police[0].officer,
            recordedBy: police[0].recorded_by,
            recordedByName: police[0].recorded_by_name ?? null,
            recordedAt: iso(police[0].recorded_at)!,
          }
        : null,
      merchantContacts: contacts.map(
        (m: any): MerchantContactView => ({
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
      evidence: evidence.map(toEvidenceView),
      clocks: clocks.map(toClockView),
      notes: notes.map(
        (n: any): NoteView => ({ id: n.id, text: n.text, authorId: n.author_id, authorName: n.author_name, createdAt: iso(n.created_at)! }),
      ),
      headHash: row.head_hash,
      lastEventSeq: row.last_event_seq,
      allowedActions: allowedActions(state, actor),
      exitRule: state.status === 'open' ? exitRule(state) : { met: false, missing: [] },
    };
  }
}

export function toEvidenceView(e: any): EvidenceView {
  return {
    id: e.id,
    caseId: e.case_id,
    type: e.type,
    fileName: e.file_name,
    size: Number(e.size),
    mediaType: e.media_type,
    sha256: e.sha256,
    description: e.description,
    addedBy: e.added_by,
    addedByName: e.added_by_name ?? null,
    addedAt: iso(e.added_at)!,
    removedAt: iso(e.removed_at),
    removedBy: e.removed_by,
    removedByName: e.removed_by_name ?? null,
    removalReason: e.removal_reason,
  };
}

export function toClockView(k: any): ClockView {
  return {
    id: k.id,
    stage: k.stage,
    startedAt: iso(k.started_at)!,
    dueAt: iso(k.due_at)!,
    warnAt: iso(k.warn_at),
    pausedMs: Number(k.paused_ms ?? 0),
    warnedAt: iso(k.warned_at),
    breachedAt: iso(k.breached_at),
    metAt: iso(k.met_at),
    endedAt: iso(k.met_at ?? k.waived_at ?? k.cancelled_at),
    state: k.state,
    calendarId: k.calendar_id,
    target: k.target,
  };
}
