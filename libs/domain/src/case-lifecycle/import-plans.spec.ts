import type { ImportCaseChange, ImportedReport } from './case-change';
import { ctx, NOW } from './case-state.fixture';
import { planChange } from './plan-change';

const IMPORTER = { id: 'system:import', role: 'system' };
const RECEIVED = new Date('2024-05-01T08:00:00.000Z');
const imported = (n: number, o: Partial<ImportedReport['report']['priority']> = {}): ImportedReport => ({
  externalId: `X-${n}`,
  row: n,
  occurredAt: new Date('2024-04-30T20:00:00.000Z'),
  report: {
    record: {
      id: `r-${n}`,
      sn: 'PAX-A920-0001',
      channel: 'bank_alert',
      misuseType: 'cloned_terminal',
      bankCode: 'ICBC',
      payload: { sn: 'PAX-A920-0001' },
      receivedAt: RECEIVED,
      submittedBy: { id: 'u-import', role: 'system', apiKeyId: null },
      idempotency: null,
      externalId: `X-${n}`,
    },
    channel: 'bank_alert',
    misuseType: 'cloned_terminal',
    merchantId: null,
    merchantName: null,
    tid: null,
    amountAtRisk: null,
    priority: { misuseType: 'cloned_terminal', ...o },
  },
});
const importing = (o: Partial<ImportCaseChange> = {}): ImportCaseChange => ({
  kind: 'import_case',
  actor: IMPORTER,
  reports: [imported(1)],
  referenceSeq: 7,
  terminal: { id: 'term-1', sn: 'PAX-A920-0001', bankCode: 'ICBC', merchantId: 'M-9', merchantName: 'Shop', tid: 'T-9' },
  bank: { code: 'ICBC', active: true },
  teamId: 'team-1',
  timeZone: 'Asia/Shanghai',
  source: { fileSha256: 'ab'.repeat(32) },
  closing: null,
  ...o,
});

describe('planChange(import_case)', () => {
  it('opens the case in freeze with no clock, notification or alert, the original times in the event data', () => {
    const plan = planChange(null, importing(), ctx());
    expect(plan.case).toMatchObject({ op: 'insert', row: { stage: 'freeze', sla: { dueAt: null, state: null }, createdAt: NOW, bankCode: 'ICBC', teamId: 'team-1' } });
    expect(plan.case?.op === 'insert' && plan.case.row.closed).toBeUndefined();
    expect(plan.clocks).toEqual([]);
    expect(plan.outbox).toEqual([]);
    expect(plan.alerts).toEqual([]);
    expect(plan.events).toHaveLength(1);
    expect(plan.events[0]).toMatchObject({
      actor: IMPORTER,
      action: 'case.opened',
      data: { imported: { externalId: 'X-1', row: 1, receivedAt: RECEIVED.toISOString(), occurredAt: '2024-04-30T20:00:00.000Z', fileSha256: 'ab'.repeat(32) } },
    });
    expect(plan.records).toEqual([
      { record: 'freeze', patch: { bankCode: 'ICBC' } },
      expect.objectContaining({ record: 'report', report: expect.objectContaining({ externalId: 'X-1', receivedAt: RECEIVED, response: expect.objectContaining({ linkedToExisting: false }) }) }),
    ]);
  });

  it('links the later reports of the SN and raises the priority to the highest derived', () => {
    const plan = planChange(null, importing({ reports: [imported(1), imported(2, { policeStopPayment: true })] }), ctx());
    expect(plan.events.map((e) => e.action)).toEqual(['case.opened', 'report.linked', 'priority.raised']);
    expect(plan.case?.op === 'insert' && plan.case.row.priority).toBe('p1');
    const reports = plan.records.filter((r) => r.record === 'report');
    expect(reports.map((r) => r.record === 'report' && r.report.response.linkedToExisting)).toEqual([false, true]);
  });

  it('opens and closes a closed case in the same plan, keeping its original closing time', () => {
    const closedAt = new Date('2024-06-01T00:00:00.000Z');
    const plan = planChange(null, importing({ closing: { outcome: 'confirmed_misuse', closedAt } }), ctx());
    expect(plan.case?.op === 'insert' && plan.case.row.closed).toEqual({ outcome: 'confirmed_misuse', closedAt, closedFromStage: 'freeze' });
    expect(plan.events.map((e) => e.action)).toEqual(['case.opened', 'case.closed']);
    expect(plan.events[1].data).toMatchObject({ after: { status: 'closed', outcome: 'confirmed_misuse', closedAt: closedAt.toISOString() } });
    expect(plan.clocks).toEqual([]);
    expect(plan.outbox).toEqual([]);
  });

  it('refuses a closed case with more than one report (each closed row is a case of its own)', () => {
    expect(() => planChange(null, importing({ reports: [imported(1), imported(2)], closing: { outcome: 'no_misuse', closedAt: NOW } }), ctx())).toThrow(/exactly one report/);
  });
});
