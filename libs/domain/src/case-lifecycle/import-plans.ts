import { derivePriority, raisePriority } from '../priority/priority';
import { formatCaseReference } from '../reference/case-reference';
import type { ImportCaseChange, ImportedReport } from './case-change';
import type { ChangeContext } from './case-state';
import { emptyPlan, type ChangePlan, type EventDraft, type IntakeResponse, type NewCase, type RecordWrite } from './change-plan';

/** The original times and the source of an imported report, as its event's `data.imported` keeps them. */
export function importedEventData(source: ImportCaseChange['source'], r: ImportedReport): Record<string, unknown> {
  return {
    externalId: r.externalId,
    row: r.row,
    receivedAt: r.report.record.receivedAt.toISOString(),
    occurredAt: r.occurredAt ? r.occurredAt.toISOString() : null,
    ...source,
  };
}

/**
 * Historical import (docs/api.md "Historical import"): a case that happened before Sentinel SN, brought in as it
 * was. Like `open_case` it creates the case in freeze with its priority derived from the reports, its freeze
 * record and the reports — the first opens it (`case.opened`), the others link (`report.linked`) — but it starts
 * no clock (no SLA breach for the past), queues no bank notification and raises no alert (nothing is sent for
 * history; the watchlist is not consulted). A closed case opens and closes in the same plan (`case.closed`, its
 * original `closedAt` on the row and in the event; the stage it closed from is freeze, the only one it entered
 * here). Events carry the import's time as `at` (the writer sets it); the original times are in `data.imported`.
 */
export function planImportCase(change: ImportCaseChange, ctx: ChangeContext): ChangePlan {
  const [first, ...rest] = change.reports;
  if (!first) throw new Error('an imported case has at least one report');
  if (change.closing && rest.length) throw new Error('a closed imported case has exactly one report');
  const r = first.report;
  const opts = { timeZone: change.timeZone };
  const base = derivePriority(r.priority, opts);
  let priority = base.priority;
  for (const x of rest) priority = raisePriority(priority, derivePriority(x.report.priority, opts).priority, false);
  const bankCode = change.bank?.code ?? null;
  const closing = change.closing;
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
    priority,
    amountAtRisk: r.amountAtRisk,
    createdAt: ctx.now,
    sla: { dueAt: null, state: null },
    ...(closing ? { closed: { outcome: closing.outcome, closedAt: closing.closedAt, closedFromStage: 'freeze' as const } } : {}),
  };
  const responseOf = (x: ImportedReport, linked: boolean): IntakeResponse => ({ id: x.report.record.id, caseId: row.id, caseReference: row.reference, linkedToExisting: linked });
  const events: EventDraft[] = [
    {
      actor: change.actor,
      action: 'case.opened',
      data: {
        reportId: r.record.id,
        after: { reference: row.reference, stage: 'freeze', status: 'open', priority: base.priority, bankCode, teamId: row.teamId, misuseType: r.misuseType },
        channel: r.channel,
        reasons: base.reasons,
        imported: importedEventData(change.source, first),
      },
    },
  ];
  for (const x of rest) {
    const derived = derivePriority(x.report.priority, opts);
    events.push({
      actor: change.actor,
      action: 'report.linked',
      data: {
        reportId: x.report.record.id,
        channel: x.report.channel,
        misuseType: x.report.misuseType,
        derivedPriority: derived.priority,
        reasons: derived.reasons,
        imported: importedEventData(change.source, x),
      },
    });
  }
  if (priority !== base.priority) {
    events.push({ actor: change.actor, action: 'priority.raised', data: { before: { priority: base.priority }, after: { priority }, reasons: ['imported_reports'] } });
  }
  if (closing) {
    events.push({
      actor: change.actor,
      action: 'case.closed',
      data: {
        before: { status: 'open', outcome: null },
        after: { status: 'closed', outcome: closing.outcome, closedFromStage: 'freeze', closedAt: closing.closedAt.toISOString() },
        imported: { externalId: first.externalId, row: first.row, ...change.source },
      },
    });
  }
  const records: RecordWrite[] = [
    { record: 'freeze', patch: { bankCode } },
    ...change.reports.map((x, i): RecordWrite => ({ record: 'report', report: { ...x.report.record, caseId: row.id, response: responseOf(x, i > 0), externalId: x.externalId } })),
  ];
  return { ...emptyPlan(), case: { op: 'insert', row }, records, events, result: { kind: 'intake', response: responseOf(first, false) } };
}
