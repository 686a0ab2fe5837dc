import { CALENDAR_24X7, defaultBusinessCalendar } from '../sla-calendar';
import type { OpenRegulatoryClock } from './case-state';
import { act, ANALYST, caseState, ctx, domainError, expectCode, NOW, SUPERVISOR } from './case-state.fixture';
import { automaticRegulatoryClocks } from './regulatory-plans';
import { planChange } from './plan-change';

const H = 3_600_000;
const at = (ms: number) => new Date(NOW.getTime() + ms);
const policies = ctx({
  regulatoryPolicies: {
    pboc_major_event: { target: 'P3D', calendar: defaultBusinessCalendar('business', 'Asia/Shanghai'), warnAtPercent: 80 },
    mastercard_adc: { target: 'PT24H', calendar: CALENDAR_24X7, warnAtPercent: 80 },
  },
});

function running(o: Partial<OpenRegulatoryClock> = {}): OpenRegulatoryClock {
  return { id: 'reg-1', kind: 'mastercard_adc', startedAt: at(-H), warnAt: at(18 * H), dueAt: at(23 * H), warnedAt: null, breachedAt: null, state: 'on_track', ...o };
}

describe('regulatory clocks (docs/api.md "Regulatory clocks")', () => {
  it('should start a clock on its kind’s policy: Mastercard 24 h on 24x7, the PBoC 3 working days on the business calendar', () => {
    let plan = act(caseState(), 'start_regulatory_clock', { kind: 'mastercard_adc' }, ANALYST, policies);
    expect(plan.records).toEqual([
      {
        record: 'regulatory_started',
        clock: expect.objectContaining({ kind: 'mastercard_adc', startedAt: NOW, startedBy: ANALYST.id, automatic: false, dueAt: at(24 * H), warnAt: new Date(NOW.getTime() + 0.8 * 24 * H), calendarId: '24x7' }),
      },
    ]);
    expect(plan.events[0]).toMatchObject({ action: 'start_regulatory_clock', data: { kind: 'mastercard_adc', automatic: false } });
    // Tue 10 Mar 2026 16:00 Shanghai + 3 working days (09:00–18:00) → Fri 13 Mar 16:00 Shanghai = 08:00Z
    plan = act(caseState(), 'start_regulatory_clock', { kind: 'pboc_major_event' }, ANALYST, policies);
    expect(plan.records[0]).toMatchObject({ clock: { dueAt: new Date('2026-03-13T08:00:00.000Z'), calendarId: 'business' } });
  });

  it('should allow one running clock per kind per case (409 CONFLICT) and refuse a start in the future', () => {
    expectCode(() => act(caseState({ regulatoryClocks: [running()] }), 'start_regulatory_clock', { kind: 'mastercard_adc' }, ANALYST, policies), 'CONFLICT');
    expect(act(caseState({ regulatoryClocks: [running()] }), 'start_regulatory_clock', { kind: 'visa_compromise' }, ANALYST, policies).records).toHaveLength(1);
    expect(domainError(() => act(caseState(), 'start_regulatory_clock', { kind: 'visa_compromise', startedAt: at(H).toISOString() }, ANALYST))).toMatchObject({ fields: { startedAt: { code: 'IN_FUTURE' } } });
  });

  it('should be met by the filing, also when breached and on a closed case', () => {
    const closed = caseState({ status: 'closed', outcome: 'confirmed_misuse', regulatoryClocks: [running({ state: 'breached', breachedAt: at(-10) })] });
    const plan = act(closed, 'record_regulatory_filing', { clockId: 'reg-1', filedAt: NOW.toISOString(), reference: 'MC-ADC-2026-77' }, ANALYST);
    expect(plan.records).toEqual([{ record: 'regulatory_filed', clockId: 'reg-1', filedAt: NOW, reference: 'MC-ADC-2026-77', by: ANALYST.id, at: NOW }]);
    expect(plan.events[0]).toMatchObject({ action: 'record_regulatory_filing', data: { before: { state: 'breached' }, after: { state: 'met' } } });
    expect(domainError(() => act(closed, 'record_regulatory_filing', { clockId: 'other', filedAt: NOW.toISOString(), reference: 'x' }, ANALYST))).toMatchObject({ fields: { clockId: { code: 'NOT_FOUND' } } });
    expect(act(closed, 'cancel_regulatory_clock', { clockId: 'reg-1', reason: 'Not a compromise after all' }, SUPERVISOR).records[0]).toMatchObject({ record: 'regulatory_cancelled' });
    expectCode(() => act(closed, 'cancel_regulatory_clock', { clockId: 'reg-1', reason: 'x' }, ANALYST), 'AUTH.FORBIDDEN');
  });

  it('should start the PBoC clock at opening for a CNY amount at risk at the threshold, not below nor in another currency', () => {
    expect(automaticRegulatoryClocks({ minor: 10_000_000, currency: 'CNY' }, ctx()).records).toHaveLength(1);
    expect(automaticRegulatoryClocks({ minor: 9_999_999, currency: 'CNY' }, ctx()).records).toEqual([]);
    expect(automaticRegulatoryClocks({ minor: 90_000_000, currency: 'USD' }, ctx()).records).toEqual([]);
    const e = automaticRegulatoryClocks({ minor: 500, currency: 'CNY' }, ctx({ majorEventMinor: 500 }));
    expect(e.events[0]).toMatchObject({ actor: { id: 'system' }, action: 'start_regulatory_clock', data: { kind: 'pboc_major_event', automatic: true, thresholdMinor: 500 } });
  });

  describe('regulatory_timer', () => {
    const timer = (c: ReturnType<typeof caseState>, t: 'warning' | 'due') => planChange(c, { kind: 'regulatory_timer', clockId: 'reg-1', timer: t }, ctx());

    it('should record the warning once (supervisors and assignee) and the breach once (supervisors), also on a closed case', () => {
      const closed = { status: 'closed' as const, outcome: 'confirmed_misuse' as const };
      let plan = timer(caseState({ ...closed, regulatoryClocks: [running({ warnAt: at(-5) })] }), 'warning');
      expect(plan.result).toMatchObject({ outcome: 'warned', lateMs: 5 });
      expect(plan.alerts).toEqual([{ type: 'regulatory.warning', recipients: { teamSupervisors: true, users: [ANALYST.id] }, dedupeKey: 'regulatory.warning:reg-1', stage: null, notificationId: null }]);
      plan = timer(caseState({ ...closed, regulatoryClocks: [running({ dueAt: at(-7), warnAt: at(-100) })] }), 'warning');
      expect(plan.result).toMatchObject({ outcome: 'breached', lateMs: 7 });
      expect(plan.records).toEqual([{ record: 'regulatory_marked', clockId: 'reg-1', moment: 'breached', at: NOW }]);
      expect(plan.events[0]).toMatchObject({ action: 'regulatory.breached', data: { caseStatus: 'closed', warningRecorded: false } });
      expect(plan.alerts.map((a) => [a.type, a.recipients.users])).toEqual([['regulatory.breached', []]]);
      expect(timer(caseState({ regulatoryClocks: [running({ state: 'breached', breachedAt: at(-1) })] }), 'due').result).toMatchObject({ outcome: 'skipped', reason: 'already_recorded' });
      expect(timer(caseState(), 'due').result).toMatchObject({ outcome: 'skipped', reason: 'not_open' });
      expect(timer(caseState({ regulatoryClocks: [running()] }), 'due').result).toMatchObject({ outcome: 'not_yet', nextAt: at(23 * H) });
    });
  });
});
