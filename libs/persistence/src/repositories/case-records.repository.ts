import type { FreezePatch, RecordWrite } from '@sentinel/domain';
import { params, type Statement } from '../sql';

type FreezeColumn = Exclude<keyof FreezePatch, 'notice'>;

/** FreezePatch key → case_freezes column. */
const FREEZE_COLUMNS: Record<FreezeColumn, string> = {
  bankCode: 'bank_code',
  requestedAt: 'requested_at',
  notificationId: 'notification_id',
  bankReference: 'bank_reference',
  confirmedAt: 'confirmed_at',
  confirmedVia: 'confirmed_via',
  rejectedAt: 'rejected_at',
  rejectionReason: 'rejection_reason',
  lastAnswer: 'last_answer',
  noticeRecordedAt: 'notice_recorded_at',
  unfreezeRequestedAt: 'unfreeze_requested_at',
  unfreezeNotificationId: 'unfreeze_notification_id',
  unfreezeSentOnClose: 'unfreeze_sent_on_close',
  unfrozenAt: 'unfrozen_at',
};

/** The stage records kept beside the case row: freeze (one per case), police report (one), merchant contacts, notes. */
export class CaseRecordsRepository {
  /**
   * The freeze record's changed columns, inserted with the case or updated in place (`ON CONFLICT`): a case has
   * exactly one. Several patches of one plan are merged first (a statement may change a row once).
   */
  freezeStatement(caseId: string, patches: FreezePatch[], now: Date): Statement {
    const patch: FreezePatch = Object.assign({}, ...patches);
    const q = params();
    const caseParam = q.p(caseId);
    const columns: Array<[string, string]> = [];
    for (const [key, value] of Object.entries(patch) as Array<[keyof FreezePatch, unknown]>) {
      if (key === 'notice') {
        const n = patch.notice ?? null;
        columns.push(['notice_notified_at', q.p(n?.notifiedAt ?? null)]);
        columns.push(['notice_channel', q.p(n?.channel ?? null)]);
        columns.push(['notice_notified_by', q.p(n?.notifiedBy ?? null)]);
        columns.push(['notice_appeal_instructions_given', q.p(n?.appealInstructionsGiven ?? null)]);
        columns.push(['notice_recorded_by', q.p(n?.recordedBy ?? null)]);
        continue;
      }
      const v = key === 'bankCode' && typeof value === 'string' ? value.toUpperCase() : value;
      columns.push([FREEZE_COLUMNS[key], q.p(v)]);
    }
    columns.push(['updated_at', q.p(now)]);
    return {
      text: `INSERT INTO case_freezes (case_id, ${columns.map(([c]) => c).join(', ')}) VALUES (${caseParam}, ${columns.map(([, v]) => v).join(', ')})
             ON CONFLICT (case_id) DO UPDATE SET ${columns.map(([c]) => `${c} = EXCLUDED.${c}`).join(', ')}`,
      values: q.values,
    };
  }

  /** A police report, merchant contact or note of a plan (the freeze record goes through `freezeStatement`). */
  statement(caseId: string, r: Extract<RecordWrite, { record: 'police_report' | 'merchant_contact' | 'note' }>): Statement {
    switch (r.record) {
      case 'police_report':
        return {
          text: `INSERT INTO police_reports (case_id, agency, report_number, filed_at, officer, recorded_by, recorded_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)
                 ON CONFLICT (case_id) DO UPDATE SET agency = EXCLUDED.agency, report_number = EXCLUDED.report_number, filed_at = EXCLUDED.filed_at,
                   officer = EXCLUDED.officer, recorded_by = EXCLUDED.recorded_by, recorded_at = EXCLUDED.recorded_at`,
          values: [caseId, r.agency, r.reportNumber, r.filedAt, r.officer, r.recordedBy, r.recordedAt],
        };
      case 'merchant_contact':
        return {
          text: `INSERT INTO merchant_contacts (id, case_id, channel, contacted_at, outcome, findings, recorded_by, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          values: [r.id, caseId, r.channel, r.contactedAt, r.outcome, r.findings, r.recordedBy, r.createdAt],
        };
      case 'note':
        return {
          text: `INSERT INTO case_notes (id, case_id, text, author_id, created_at) VALUES ($1, $2, $3, $4, $5)`,
          values: [r.id, caseId, r.text, r.authorId, r.createdAt],
        };
    }
  }
}
