import { derivePriority, raisePriority } from '../priority/priority';
import { formatCaseReference } from '../reference/case-reference';
import type { LinkReportChange, OpenCaseChange } from './case-change';
import { SYSTEM_ACTOR, type CaseState, type ChangeContext } from './case-state';
import { emptyPlan, type ChangePlan, type EventDraft, type IntakeResponse, type NewCase, type RecordWrite } from './change-plan';
import { startClock } from './clock-plans';
import { decideAutoFreeze } from './intake-trust';
import { automaticRegulatoryClocks } from './regulatory-plans';
import { watchlistHitData, watchlistHits } from './watchlist-plans';
import { queueNotification } from './notification-plans';

/**
 * A report opens a case (docs/domain.md "Case lifecycle": freeze is entered when the case is opened from a
 * report): the case in freeze with its priority derived from the report, its freeze record, the report, the
 * freeze clock, event `case.opened` by the reporter (with the rule that decided the freeze, `data.autoFreeze`). The
 * freeze request goes out at once when `decideAutoFreeze` says so (event `request_freeze` by the system actor).
 */
export function planOpenCase(change: OpenCaseChange, ctx: ChangeContext): ChangePlan {
  const r = change.report;
  const base = derivePriority(r.priority, { timeZone: change.timeZone });
  const matches = change.watchlist ?? [];
  const derived = matches.length ? { priority: 'p1' as const, reasons: ['watchlist_hit', ...base.reasons] } : base;
  const clock = startClock('freeze', ctx);
  if (clock.op !== 'start') throw new Error('a new case starts its freeze clock');
  const bankCode = change.bank?.code ?? null;
  const autoFreeze = decideAutoFreeze(change.credential, r.channel, change.bank, change.trust);
  const row: NewCase = {
    id: ctx.newId(),
    reference: formatCaseReference(ctx.now.getUTCFullYear(), change.referenceSeq),
    terminalId: change.terminal.id,
    sn: change.terminal.sn,
    merchantId: r.merchantId ?? change.terminal.merchantId,
    merchantName: r.merchantName ?? change.terminal.merchantName,
    tid: r.tid ?? change.terminal.tid,
    bankCode,
    teamId: change.teamId,
    misuseType: r.misuseType,
    stage: 'freeze',
    priority: derived.priority,
    amountAtRisk: r.amountAtRisk,
    createdAt: ctx.now,
    sla: { dueAt: clock.dueAt, state: 'on_track' },
  };
  const response: IntakeResponse = { id: r.record.id, caseId: row.id, caseReference: row.reference, linkedToExisting: false };
  const events: EventDraft[] = [
    {
      actor: change.actor,
      action: 'case.opened',
      data: {
        reportId: r.record.id,
        after: { reference: row.reference, stage: 'freeze', status: 'open', priority: derived.priority, bankCode, teamId: row.teamId, misuseType: r.misuseType },
        channel: r.channel,
        reasons: derived.reasons,
        // which rule decided the freeze request at opening (docs/api.md "Who may trigger the automatic freeze")
        autoFreeze: { decided: autoFreeze.decided, rule: autoFreeze.rule },
        ...(matches.length ? { watchlistHits: watchlistHitData(matches) } : {}),
      },
    },
  ];
  const hits = watchlistHits(row.id, r.record.id, matches, ctx);
  const request = autoFreeze.decided ? queueNotification(row, bankCode, 'freeze.requested', ctx) : null;
  if (request) {
    events.push({
      actor: SYSTEM_ACTOR,
      action: 'request_freeze',
      // A code, not a sentence, so the console can show it in the reader's language.
      data: { after: { bankCode, notificationId: request.id }, via: 'automatic_at_opening', channel: r.channel },
    });
  }
  const regulatory = automaticRegulatoryClocks(r.amountAtRisk, ctx);
  events.push(...regulatory.events);
  const records: RecordWrite[] = [
    { record: 'freeze', patch: { bankCode, ...(request ? { requestedAt: ctx.now, notificationId: request.id } : {}) } },
    { record: 'report', report: { ...r.record, caseId: row.id, response } },
    ...regulatory.records,
    ...hits.records,
  ];
  return {
    ...emptyPlan(),
    case: { op: 'insert', row },
    records,
    clocks: [clock],
    events,
    outbox: request ? [request] : [],
    alerts: hits.alerts,
    result: { kind: 'intake', response },
  };
}

/**
 * A report for an SN with an open case links to it (decisions.md "Intake"): the version moves (the case page
 * shows its reports), and the priority is re-derived only upward and never over a supervisor's override
 * (`priority.raised` by the system actor).
 */
export function planLinkReport(c: CaseState, change: LinkReportChange, ctx: ChangeContext): ChangePlan {
  const r = change.report;
  const base = derivePriority(r.priority, { timeZone: change.timeZone });
  const matches = change.watchlist ?? [];
  const derived = matches.length ? { priority: 'p1' as const, reasons: ['watchlist_hit', ...base.reasons] } : base;
  // A watchlist hit sets p1 even over a supervisor's override (docs/domain.md "Priority").
  const raised = matches.length ? 'p1' : raisePriority(c.priority, derived.priority, c.priorityOverridden);
  const hits = watchlistHits(c.id, r.record.id, matches, ctx);
  const response: IntakeResponse = { id: r.record.id, caseId: c.id, caseReference: c.reference, linkedToExisting: true };
  const events: EventDraft[] = [
    {
      actor: change.actor,
      action: 'report.linked',
      data: {
        reportId: r.record.id,
        channel: r.channel,
        misuseType: r.misuseType,
        derivedPriority: derived.priority,
        reasons: derived.reasons,
        ...(matches.length ? { watchlistHits: watchlistHitData(matches) } : {}),
        ...(change.imported ? { imported: change.imported } : {}),
      },
    },
  ];
  if (raised !== c.priority) {
    events.push({
      actor: SYSTEM_ACTOR,
      action: 'priority.raised',
      data: { before: { priority: c.priority }, after: { priority: raised }, reportId: r.record.id, reasons: derived.reasons },
    });
  }
  return {
    ...emptyPlan(),
    case: { op: 'update', patch: raised !== c.priority ? { priority: raised } : {}, bumpVersion: true },
    records: [{ record: 'report', report: { ...r.record, caseId: c.id, response } }, ...hits.records],
    events,
    alerts: hits.alerts,
    result: { kind: 'intake', response },
  };
}
