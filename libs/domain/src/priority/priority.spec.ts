import type { Priority } from '@sentinel/contracts';
import {
  derivePriority,
  DEFAULT_P2_THRESHOLDS,
  priorityRank,
  raisePriority,
  riskSignals,
  type PriorityInput,
} from './priority';

type Tx = NonNullable<PriorityInput['transactions']>[number];
const tx = (at: string, extra: Partial<Tx> = {}): Tx => ({ at, maskedPan: '622848******0001', ...extra });
const cards = (n: number): Tx[] =>
  Array.from({ length: n }, (_, i) => tx('2026-03-10T04:00:00Z', { maskedPan: `622848******${String(i).padStart(4, '0')}` }));
const base: PriorityInput = { misuseType: 'unauthorised_use' };

describe('derivePriority', () => {
  it.each<[string, PriorityInput, Priority, string[]]>([
    ['no facts', base, 'p4', []],
    ['device not with merchant', { ...base, deviceWithMerchant: false }, 'p1', ['device_not_with_merchant']],
    ['device with merchant unknown', { ...base, deviceWithMerchant: null }, 'p4', []],
    ['device with merchant', { ...base, deviceWithMerchant: true }, 'p4', []],
    ['police stop payment', { ...base, policeStopPayment: true }, 'p1', ['police_stop_payment']],
    [
      'p1 wins over amount and signals',
      { misuseType: 'cloned_terminal', policeStopPayment: true, amountAtRisk: { minor: 9_000_000, currency: 'CNY' } },
      'p1',
      ['police_stop_payment', 'amount_at_risk_over_threshold', 'risky_misuse_type'],
    ],
    ['CNY 50,000.00 exactly', { ...base, amountAtRisk: { minor: 5_000_000, currency: 'CNY' } }, 'p2', ['amount_at_risk_over_threshold']],
    ['CNY 49,999.99', { ...base, amountAtRisk: { minor: 4_999_999, currency: 'CNY' } }, 'p4', []],
    ['USD 7,000.00', { ...base, amountAtRisk: { minor: 700_000, currency: 'USD' } }, 'p2', ['amount_at_risk_over_threshold']],
    ['lower-case currency', { ...base, amountAtRisk: { minor: 650_000, currency: 'eur' } }, 'p2', ['amount_at_risk_over_threshold']],
    ['currency without threshold', { ...base, amountAtRisk: { minor: 10 ** 12, currency: 'JPY' } }, 'p4', []],
    ['one signal', { misuseType: 'skimming_tampering' }, 'p3', ['risky_misuse_type']],
    [
      'two signals',
      { misuseType: 'cloned_terminal', transactions: [tx('2026-03-10T12:00:00Z', { entryMode: 'magstripe' })] },
      'p2',
      ['chip_fallback_or_magstripe', 'risky_misuse_type'],
    ],
  ])('%s → %s', (_name, input, priority, reasons) => {
    expect(derivePriority(input)).toEqual({ priority, reasons });
  });

  it('should use configured thresholds', () => {
    const input = { ...base, amountAtRisk: { minor: 100_000, currency: 'CNY' } };
    expect(derivePriority(input, { thresholds: { CNY: 100_000 } }).priority).toBe('p2');
    expect(derivePriority(input, { thresholds: DEFAULT_P2_THRESHOLDS }).priority).toBe('p4');
  });

  it("should prefer the terminal's time zone over the default, and default to UTC", () => {
    // 17:30Z = 01:30 in Shanghai.
    const input: PriorityInput = { ...base, transactions: [tx('2026-03-10T17:30:00Z')] };
    expect(derivePriority(input).priority).toBe('p4');
    expect(derivePriority(input, { timeZone: 'Asia/Shanghai' }).reasons).toEqual(['off_hours']);
    expect(derivePriority({ ...input, timeZone: 'UTC' }, { timeZone: 'Asia/Shanghai' }).reasons).toEqual([]);
  });
});

describe('riskSignals', () => {
  const signals = (txs: Tx[], tz = 'UTC', misuseType: PriorityInput['misuseType'] = 'other') =>
    riskSignals({ misuseType, transactions: txs }, tz);
  const noon = '2026-03-10T12:00:00Z';

  it.each<[string, Tx[], string, string[]]>([
    ['chip fallback', [tx(noon, { entryMode: 'chip_fallback' })], 'UTC', ['chip_fallback_or_magstripe']],
    ['magstripe (any case)', [tx(noon, { entryMode: 'MAGSTRIPE' })], 'UTC', ['chip_fallback_or_magstripe']],
    ['chip', [tx(noon, { entryMode: 'chip' })], 'UTC', []],
    ['5 distinct cards', cards(5).map((t) => ({ ...t, at: noon })), 'UTC', ['many_cards']],
    ['4 distinct cards', cards(4).map((t) => ({ ...t, at: noon })), 'UTC', []],
    [
      'same card under different mask characters',
      [...cards(4).map((t) => ({ ...t, at: noon })), tx(noon, { maskedPan: '622848XXXXXX0000' })],
      'UTC',
      [],
    ],
    // Off hours: [00:00, 06:00) local time.
    ['01:30 Shanghai', [tx('2026-03-10T17:30:00Z')], 'Asia/Shanghai', ['off_hours']],
    ['01:30 Shanghai seen from UTC', [tx('2026-03-10T17:30:00Z')], 'UTC', []],
    ['00:00 local', [tx('2026-03-10T00:00:00+08:00')], 'Asia/Shanghai', ['off_hours']],
    ['05:59:59 local', [tx('2026-03-10T05:59:59+08:00')], 'Asia/Shanghai', ['off_hours']],
    ['06:00 local', [tx('2026-03-10T06:00:00+08:00')], 'Asia/Shanghai', []],
    ['23:59 local', [tx('2026-03-10T23:59:00+08:00')], 'Asia/Shanghai', []],
    ['05:30 New York before DST (EST)', [tx('2026-03-07T10:30:00Z')], 'America/New_York', ['off_hours']],
    ['06:30 New York after DST (EDT)', [tx('2026-03-09T10:30:00Z')], 'America/New_York', []],
    ['05:30 New York after DST (EDT)', [tx('2026-03-09T09:30:00Z')], 'America/New_York', ['off_hours']],
    ['Date objects', [tx(new Date('2026-03-10T03:00:00Z') as unknown as string)], 'UTC', ['off_hours']],
    ['unknown zone falls back to UTC', [tx('2026-03-10T03:00:00Z')], 'Mars/Olympus', ['off_hours']],
    ['unparseable time ignored', [tx('not a date')], 'UTC', []],
  ])('%s', (_name, txs, tz, expected) => {
    expect(signals(txs, tz)).toEqual(expected);
  });

  const at = (hhmm: string) => `2026-03-10T${hhmm}:00Z`;
  const shopA = { address: 'No. 1 Nanjing Road, Shanghai' };
  const shopB = { address: 'No. 9 Huaihai Road, Shanghai' };
  const bund = { lat: 31.2400, lon: 121.4900 };
  const near = { lat: 31.2430, lon: 121.4900 }; // ~0.33 km north
  const far = { lat: 31.2600, lon: 121.4900 }; // ~2.2 km north

  it.each<[string, Tx[], boolean]>([
    ['different addresses 59 min apart', [tx(at('12:00'), { location: shopA }), tx(at('12:59'), { location: shopB })], true],
    ['different addresses exactly 60 min apart', [tx(at('12:00'), { location: shopA }), tx(at('13:00'), { location: shopB })], true],
    ['different addresses 61 min apart', [tx(at('12:00'), { location: shopA }), tx(at('13:01'), { location: shopB })], false],
    ['same address (case, spacing)', [tx(at('12:00'), { location: shopA }), tx(at('12:10'), { location: { address: ' no. 1  NANJING road, shanghai' } })], false],
    ['coordinates 0.3 km apart', [tx(at('12:00'), { location: bund }), tx(at('12:10'), { location: near })], false],
    ['coordinates 2.2 km apart', [tx(at('12:00'), { location: bund }), tx(at('12:10'), { location: far })], true],
    ['coordinates win over differently written addresses', [tx(at('12:00'), { location: { ...bund, address: 'a' } }), tx(at('12:10'), { location: { ...near, address: 'b' } })], false],
    ['one without location', [tx(at('12:00'), { location: shopA }), tx(at('12:10'))], false],
    ['unsorted input, pair in the middle', [tx(at('15:00'), { location: shopA }), tx(at('09:00'), { location: shopA }), tx(at('15:30'), { location: shopB })], true],
  ])('two places: %s → %s', (_name, txs, expected) => {
    expect(signals(txs).includes('two_places_within_hour')).toBe(expected);
  });
});

describe('raisePriority', () => {
  it.each<[Priority, Priority, boolean, Priority]>([
    ['p4', 'p2', false, 'p2'],
    ['p3', 'p1', false, 'p1'],
    ['p2', 'p3', false, 'p2'],
    ['p2', 'p2', false, 'p2'],
    ['p4', 'p1', true, 'p4'],
    ['p1', 'p4', true, 'p1'],
  ])('(%s, derived %s, overridden %s) → %s', (current, derived, overridden, expected) => {
    expect(raisePriority(current, derived, overridden)).toBe(expected);
  });

  it('should rank p1..p4 as 1..4', () => {
    expect((['p1', 'p2', 'p3', 'p4'] as Priority[]).map(priorityRank)).toEqual([1, 2, 3, 4]);
  });
});
