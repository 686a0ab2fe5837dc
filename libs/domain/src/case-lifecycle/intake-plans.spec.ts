import type { IncomingReport, OpenCaseChange } from './case-change';
import { clockOps, ctx, inStage, NOW, outboxOps, patchOf } from './case-state.fixture';
import { planChange } from './plan-change';

const INTAKE = { id: 'u-intake', role: 'intake' };
const report = (o: Partial<IncomingReport['priority']> = {}): IncomingReport => ({
  record: {
    id: 'r-1',
    sn: 'PAX-A920-0001',
    channel: 'bank_alert',
    misuseType: 'cloned_terminal',
    bankCode: 'ICBC',
    payload: { sn: 'PAX-A920-0001' },
    receivedAt: NOW,
    submittedBy: { id: INTAKE.id, role: 'intake', apiKeyId: null },
    idempotency: null,
  },
  channel: 'bank_alert',
  misuseType: 'cloned_terminal',
  merchantId: null,
  merchantName: 'From the report',
  tid: null,
  amountAtRisk: { minor: 100, currency: 'CNY' },
  priority: { misuseType: 'cloned_terminal', ...o },
});
const opening = (o: Partial<OpenCaseChange> = {}): OpenCaseChange => ({
  kind: 'open_case',
  actor: INTAKE,
  report: report(),
  referenceSeq: 42,
  terminal: { id: 'term-1', sn: 'PAX-A920-0001', bankCode: 'ICBC', merchantId: 'M-9', merchantName: 'Master data name', tid: 'T-9' },
  bank: { code: 'ICBC', active: true },
  teamId: 'team-1',
  timeZone: 'Asia/Shanghai',
  credential: { kind: 'api_key', bankCodes: ['ICBC'], channels: ['bank_alert'], autoFreeze: true },
  trust: { staffChannels: ['merchant_call'] },
  ...o,
});

describe('planChange(open_case)', () => {
  it('opens the case in freeze with its freeze record, report, clock, opening event and the automatic freeze request', () => {
    const plan = planChange(null, opening(), ctx());
    expect(plan.case).toEqual({
      op: 'insert',
      row: {
        id: 'id-2',
        reference: 'SNC-2026-000042',
        terminalId: 'term-1',
        sn: 'PAX-A920-0001',
        merchantId: 'M-9',
        merchantName: 'From the report',
        tid: 'T-9',
        bankCode: 'ICBC',
        teamId: 'team-1',
        misuseType: 'cloned_terminal',
        stage: 'freeze',
        priority: 'p3',
        amountAtRisk: { minor: 100, currency: 'CNY' },
        createdAt: NOW,
        sla: { dueAt: new Date(NOW.getTime() + 3_600_000), state: 'on_track' },
      },
    });
    expect(clockOps(plan)).toEqual(['start freeze']);
    expect(outboxOps(plan)).toEqual(['queue freeze.requested ICBC']);
    expect(plan.outbox[0]).toMatchObject({ id: 'id-3', body: { caseId: 'id-2', caseReference: 'SNC-2026-000042', merchantName: 'From the report', terminalId: 'T-9' } });
    expect(plan.records).toEqual([
      { record: 'freeze', patch: { bankCode: 'ICBC', requestedAt: NOW, notificationId: 'id-3' } },
      { record: 'report', report: { ...report().record, caseId: 'id-2', response: { id: 'r-1', caseId: 'id-2', caseReference: 'SNC-2026-000042', linkedToExisting: false } } },
    ]);
    expect(plan.events).toEqual([
      {
        actor: INTAKE,
        action: 'case.opened',
        data: {
          reportId: 'r-1',
          after: { reference: 'SNC-2026-000042', stage: 'freeze', status: 'open', priority: 'p3', bankCode: 'ICBC', teamId: 'team-1', misuseType: 'cloned_terminal' },
          channel: 'bank_alert',
          reasons: ['risky_misuse_type'],
          autoFreeze: { decided: true, rule: 'key' },
        },
      },
      {
        actor: { id: 'system', role: 'system' },
        action: 'request_freeze',
        data: { after: { bankCode: 'ICBC', notificationId: 'id-3' }, via: 'automatic_at_opening', channel: 'bank_alert' },
      },
    ]);
    expect(plan.result).toEqual({ kind: 'intake', response: { id: 'r-1', caseId: 'id-2', caseReference: 'SNC-2026-000042', linkedToExisting: false } });
  });

  it.each<[string, Partial<OpenCaseChange>]>([
    ['the credential may not trigger it', { credential: { kind: 'intake_session' } }],
    ['the bank is inactive', { bank: { code: 'ICBC', active: false } }],
    ['no bank is known', { bank: null }],
  ])('asks the analyst to request the freeze when %s', (_name, o) => {
    const plan = planChange(null, opening(o), ctx());
    expect(plan.outbox).toEqual([]);
    expect(plan.events.map((e) => e.action)).toEqual(['case.opened']);
    expect(plan.records[0]).toEqual({ record: 'freeze', patch: { bankCode: o.bank === null ? null : 'ICBC' } });
    expect(plan.events[0].data.autoFreeze).toEqual({ decided: false, rule: o.credential || o.bank === null ? 'none' : 'key' });
  });

  it('derives the priority from the report (device not with the merchant: p1)', () => {
    const plan = planChange(null, opening({ report: report({ deviceWithMerchant: false }) }), ctx());
    expect(plan.case).toMatchObject({ row: { priority: 'p1' } });
  });

  it('needs no state, and refuses one', () => {
    expect(() => planChange(inStage('freeze') as never, opening() as never, ctx())).toThrow(/does not exist yet/);
  });
});

describe('planChange(link_report)', () => {
  it('links the report, moves the version and raises the priority only upward', () => {
    const plan = planChange(inStage('police_report', { priority: 'p3' }), { kind: 'link_report', actor: INTAKE, report: report({ deviceWithMerchant: false }), timeZone: 'UTC' }, ctx());
    expect(plan.case).toEqual({ op: 'update', patch: { priority: 'p1' }, bumpVersion: true });
    expect(plan.records).toEqual([
      { record: 'report', report: { ...report().record, caseId: 'case-1', response: { id: 'r-1', caseId: 'case-1', caseReference: 'SNC-2026-000001', linkedToExisting: true } } },
    ]);
    expect(plan.events.map((e) => [e.actor.id, e.action])).toEqual([
      ['u-intake', 'report.linked'],
      ['system', 'priority.raised'],
    ]);
    expect(plan.events[1].data).toMatchObject({ before: { priority: 'p3' }, after: { priority: 'p1' }, reportId: 'r-1' });
  });

  it.each<[string, Parameters<typeof inStage>[1]]>([
    ['a lower derived priority', { priority: 'p1' }],
    ["a supervisor's override", { priority: 'p4', priorityOverridden: true }],
  ])('keeps the priority against %s', (_name, o) => {
    const plan = planChange(inStage('freeze', o), { kind: 'link_report', actor: INTAKE, report: report({ deviceWithMerchant: false }), timeZone: 'UTC' }, ctx());
    expect(patchOf(plan)).toEqual({});
    expect(plan.events.map((e) => e.action)).toEqual(['report.linked']);
  });
});
