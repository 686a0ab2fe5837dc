import type { HoldFacts } from './case-state';
import { act, ANALYST, caseState, ctx, domainError, expectCode, NOW, outboxOps, patchOf, SUPERVISOR } from './case-state.fixture';
import { planChange } from './plan-change';

const H = 3_600_000;
const at = (ms: number) => new Date(NOW.getTime() + ms);
const iso = (ms: number) => at(ms).toISOString();
const police = { instructionNumber: 'HP-ZF-2026-0107', issuingAuthority: 'Huangpu PSB' };

function hold(o: Partial<HoldFacts> = {}): HoldFacts {
  return {
    id: 'hold-1',
    kind: 'police_stop_payment',
    scope: ['settlement'],
    status: 'active',
    placedAt: at(-H),
    expiresAt: at(47 * H),
    warnAt: at(35 * H),
    warnedAt: null,
    renewals: 0,
    ...o,
  };
}

const placed = (plan: ReturnType<typeof act>) => {
  const r = plan.records.find((x) => x.record === 'hold_placed');
  if (r?.record !== 'hold_placed') throw new Error('no hold placed');
  return r.hold;
};

describe('holds (docs/api.md "Holds and police orders")', () => {
  describe('place_hold', () => {
    it('should default a stop-payment to 48 h from placedAt with the alarm at the lead time before, and raise the case to p1', () => {
      const plan = act(caseState(), 'place_hold', { kind: 'police_stop_payment', scope: ['settlement'], placedAt: iso(-H), ...police }, ANALYST);
      const h = placed(plan);
      expect(h).toMatchObject({ kind: 'police_stop_payment', basis: 'police_instruction', scope: ['settlement'], placedBy: ANALYST.id, ...police });
      expect(h.expiresAt).toEqual(at(47 * H));
      expect(h.warnAt).toEqual(at(35 * H)); // 12 h lead
      expect(patchOf(plan)).toEqual({ priority: 'p1' });
      expect(plan.events[0]).toMatchObject({ action: 'place_hold', data: { holdId: h.id, before: { priority: 'p3' }, after: { priority: 'p1' } } });
      expect(outboxOps(plan)).toEqual([]); // police orders are not sent to the bank
    });

    it('should refuse a stop-payment longer than 48 h, and one that has already lapsed', () => {
      let e = domainError(() => act(caseState(), 'place_hold', { kind: 'police_stop_payment', scope: ['terminal'], placedAt: iso(-H), expiresAt: iso(48 * H), ...police }, ANALYST));
      expect(e).toMatchObject({ code: 'VALIDATION.FAILED', fields: { expiresAt: { code: 'OUT_OF_RANGE' } } });
      e = domainError(() => act(caseState(), 'place_hold', { kind: 'police_stop_payment', scope: ['terminal'], placedAt: iso(-49 * H), ...police }, ANALYST));
      expect(e).toMatchObject({ code: 'VALIDATION.FAILED', fields: { expiresAt: { code: 'OUT_OF_RANGE' } } });
    });

    it('should require the instruction number and the authority of a police order', () => {
      const e = domainError(() => act(caseState(), 'place_hold', { kind: 'police_freeze', scope: ['settlement'], placedAt: iso(-H), expiresAt: iso(30 * 24 * H), issuingAuthority: 'PSB' }, ANALYST));
      expect(e).toMatchObject({ code: 'VALIDATION.FAILED', fields: { instructionNumber: { code: 'REQUIRED' } } });
    });

    it('should require a police freeze expiry of at most 6 calendar months (in the deployment zone), alarm 14 days before', () => {
      const base = { kind: 'police_freeze', scope: ['settlement'], placedAt: NOW.toISOString(), ...police };
      expect(domainError(() => act(caseState(), 'place_hold', base, ANALYST))).toMatchObject({ fields: { expiresAt: { code: 'REQUIRED' } } });
      const shanghai = ctx({ holdSettings: { stopPaymentLeadMs: 12 * H, freezeLeadMs: 14 * 24 * H, timeZone: 'Asia/Shanghai' } });
      // 2026-03-10 16:00 in Shanghai + 6 months = 2026-09-10 16:00 Shanghai = 08:00Z
      const max = '2026-09-10T08:00:00.000Z';
      const h = placed(act(caseState(), 'place_hold', { ...base, expiresAt: max }, ANALYST, shanghai));
      expect(h.expiresAt?.toISOString()).toBe(max);
      expect(h.warnAt?.toISOString()).toBe('2026-08-27T08:00:00.000Z');
      expect(domainError(() => act(caseState(), 'place_hold', { ...base, expiresAt: '2026-09-10T08:00:00.001Z' }, ANALYST, shanghai))).toMatchObject({
        code: 'VALIDATION.FAILED',
        fields: { expiresAt: { code: 'OUT_OF_RANGE' } },
      });
    });

    it('should let an acquirer hold run without an expiry and tell the bank (hold.placed with the hold)', () => {
      const plan = act(caseState(), 'place_hold', { kind: 'acquirer_suspension', scope: ['terminal'], placedAt: iso(-60_000) }, ANALYST);
      const h = placed(plan);
      expect(h).toMatchObject({ basis: 'acquirer_control', expiresAt: null, warnAt: null, instructionNumber: null });
      expect(patchOf(plan)).toEqual({});
      expect(outboxOps(plan)).toEqual(['queue hold.placed ICBC']);
      const q = plan.outbox[0];
      expect(q.op === 'queue' && q.body).toMatchObject({ type: 'hold.placed', scope: ['terminal'], hold: { id: h.id, kind: 'acquirer_suspension', expiresAt: null } });
    });

    it('should refuse a placedAt in the future and a closed case', () => {
      expect(domainError(() => act(caseState(), 'place_hold', { kind: 'settlement_delay', scope: ['settlement'], placedAt: iso(H) }, ANALYST))).toMatchObject({ fields: { placedAt: { code: 'IN_FUTURE' } } });
      expectCode(() => act(caseState({ status: 'closed', outcome: 'confirmed_misuse' }), 'place_hold', { kind: 'settlement_delay', scope: ['settlement'], placedAt: iso(-H) }, ANALYST), 'CASE.ACTION_NOT_ALLOWED');
    });
  });

  describe('renew_hold', () => {
    it('should renew a stop-payment once by 48 h from its current expiry and refuse the second renewal (HOLD.RENEWAL_LIMIT)', () => {
      const c = caseState({ holds: [hold()] });
      const plan = act(c, 'renew_hold', { holdId: 'hold-1', instructionNumber: 'HP-ZF-2026-0131' }, ANALYST);
      expect(plan.records).toEqual([
        { record: 'hold_renewed', holdId: 'hold-1', at: NOW, by: ANALYST.id, expiresAt: at(95 * H), warnAt: at(83 * H), instructionNumber: 'HP-ZF-2026-0131' },
      ]);
      expect(plan.events[0]).toMatchObject({ action: 'renew_hold', data: { renewalNo: 1, before: { expiresAt: iso(47 * H) }, after: { expiresAt: iso(95 * H) } } });
      expect(domainError(() => act(c, 'renew_hold', { holdId: 'hold-1', expiresAt: iso(96 * H) }, ANALYST))).toMatchObject({ code: 'VALIDATION.FAILED', fields: { expiresAt: { code: 'OUT_OF_RANGE' } } });
      expectCode(() => act(caseState({ holds: [hold({ renewals: 1 })] }), 'renew_hold', { holdId: 'hold-1' }, ANALYST), 'HOLD.RENEWAL_LIMIT');
    });

    it('should renew a police freeze again and again, each by at most 6 months from the current expiry', () => {
      const c = caseState({ holds: [hold({ kind: 'police_freeze', renewals: 3, expiresAt: new Date('2026-04-01T00:00:00Z') })] });
      const plan = act(c, 'renew_hold', { holdId: 'hold-1' }, ANALYST);
      expect(plan.records[0]).toMatchObject({ record: 'hold_renewed', expiresAt: new Date('2026-10-01T00:00:00Z'), warnAt: new Date('2026-09-17T00:00:00Z') });
    });

    it('should refuse renewing a released or an expired hold (HOLD.NOT_ACTIVE), also one past its expiry before its timer ran', () => {
      expectCode(() => act(caseState({ holds: [hold({ status: 'released' })] }), 'renew_hold', { holdId: 'hold-1' }, ANALYST), 'HOLD.NOT_ACTIVE');
      expectCode(() => act(caseState({ holds: [hold({ status: 'expired' })] }), 'renew_hold', { holdId: 'hold-1' }, ANALYST), 'HOLD.NOT_ACTIVE');
      const e = expectCode(() => act(caseState({ holds: [hold({ expiresAt: at(-1) })] }), 'renew_hold', { holdId: 'hold-1' }, ANALYST), 'HOLD.NOT_ACTIVE');
      expect(e.params).toMatchObject({ status: 'expired' });
      expect(domainError(() => act(caseState(), 'renew_hold', { holdId: 'nope' }, ANALYST))).toMatchObject({ fields: { holdId: { code: 'NOT_FOUND' } } });
    });

    it('should renew and release a hold on a closed case (a hold outlives its case)', () => {
      const c = caseState({ status: 'closed', outcome: 'confirmed_misuse', holds: [hold({ kind: 'police_freeze', expiresAt: at(30 * 24 * H) })] });
      expect(act(c, 'renew_hold', { holdId: 'hold-1' }, ANALYST).records[0].record).toBe('hold_renewed');
      expect(act(c, 'release_hold', { holdId: 'hold-1', reason: 'Court lifted the order' }, SUPERVISOR).records[0]).toMatchObject({ record: 'hold_released', reason: 'Court lifted the order' });
    });
  });

  describe('release_hold', () => {
    it('should release an acquirer hold and tell the bank; a second release is refused', () => {
      const c = caseState({ holds: [hold({ kind: 'settlement_delay', expiresAt: null, warnAt: null })] });
      const plan = act(c, 'release_hold', { holdId: 'hold-1', reason: 'Merchant cleared' }, ANALYST);
      expect(outboxOps(plan)).toEqual(['queue hold.released ICBC']);
      expect(plan.events[0]).toMatchObject({ action: 'release_hold', data: { holdId: 'hold-1', reason: 'Merchant cleared' } });
      expectCode(() => act(caseState({ holds: [hold({ status: 'released' })] }), 'release_hold', { holdId: 'hold-1', reason: 'again' }, ANALYST), 'HOLD.NOT_ACTIVE');
    });
  });

  describe('hold_timer', () => {
    const timer = (c: ReturnType<typeof caseState>, t: 'warning' | 'due', now = NOW) => planChange(c, { kind: 'hold_timer', holdId: 'hold-1', timer: t }, ctx({ now }));

    it('should record the alarm once, to the team supervisors and the assignee', () => {
      const c = caseState({ holds: [hold({ warnAt: at(-1000) })] });
      const plan = timer(c, 'warning');
      expect(plan.result).toMatchObject({ outcome: 'warned', lateMs: 1000 });
      expect(plan.records).toEqual([{ record: 'hold_warned', holdId: 'hold-1', at: NOW }]);
      expect(plan.events[0]).toMatchObject({ actor: { id: 'system' }, action: 'hold.expiring' });
      expect(plan.alerts).toEqual([
        { type: 'hold.expiring', recipients: { teamSupervisors: true, users: [ANALYST.id] }, dedupeKey: `hold.expiring:hold-1:${at(47 * H).getTime()}`, stage: 'freeze', notificationId: null },
      ]);
      expect(timer(caseState({ holds: [hold({ warnAt: at(-1000), warnedAt: at(-10) })] }), 'warning').result).toMatchObject({ outcome: 'skipped', reason: 'already_recorded' });
    });

    it('should say not_yet before the moment (a renewal moved it)', () => {
      expect(timer(caseState({ holds: [hold()] }), 'warning').result).toMatchObject({ outcome: 'not_yet', timer: 'warning', nextAt: at(35 * H) });
      expect(timer(caseState({ holds: [hold()] }), 'due').result).toMatchObject({ outcome: 'not_yet', timer: 'due', nextAt: at(47 * H) });
    });

    it('should expire the hold once at its expiry, whichever wake-up comes first, also on a closed case', () => {
      const c = caseState({ status: 'closed', outcome: 'confirmed_misuse', holds: [hold({ kind: 'acquirer_suspension', expiresAt: at(-5), warnAt: at(-100) })] });
      const plan = timer(c, 'warning');
      expect(plan.result).toMatchObject({ outcome: 'expired', lateMs: 5 });
      expect(plan.records).toEqual([{ record: 'hold_expired', holdId: 'hold-1', at: NOW }]);
      expect(plan.events[0]).toMatchObject({ action: 'hold.expired', data: { warningRecorded: false, after: { status: 'expired' } } });
      expect(plan.alerts.map((a) => a.dedupeKey)).toEqual(['hold.expired:hold-1']);
      expect(outboxOps(plan)).toEqual(['queue hold.released ICBC']);
      expect(timer(caseState({ holds: [hold({ status: 'expired' })] }), 'due').result).toMatchObject({ outcome: 'skipped', reason: 'not_active' });
    });
  });
});
