import { describe, expect, it } from 'vitest';
import {
  currencyFractionDigits,
  describeTimeZone,
  formatBytes,
  formatClock,
  formatDate,
  formatDateTime,
  formatDuration,
  formatIsoDuration,
  formatMoney,
  isoToZonedWallTime,
  minorToMajorString,
  parseDateText,
  parseIsoDuration,
  parseWallTimeText,
  zoneLabel,
  zonedWallTimeToIso,
} from './formatters';

// Intl output uses narrow no-break spaces in some locales; compare on normal spaces.
const norm = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('formatMoney', () => {
  it('should convert CNY minor units (fen) to yuan with two decimals', () => {
    expect(currencyFractionDigits('CNY')).toBe(2);
    expect(norm(formatMoney({ minor: 1250000, currency: 'CNY' }, 'zh-CN'))).toBe('¥12,500.00');
    expect(norm(formatMoney({ minor: 1250000, currency: 'CNY' }, 'en'))).toBe('CN¥12,500.00');
    expect(norm(formatMoney({ minor: 5, currency: 'CNY' }, 'en'))).toBe('CN¥0.05');
  });

  it('should treat JPY minor units as whole yen (0 decimals)', () => {
    expect(currencyFractionDigits('JPY')).toBe(0);
    expect(norm(formatMoney({ minor: 5000, currency: 'JPY' }, 'en'))).toBe('¥5,000');
    expect(norm(formatMoney({ minor: 5000, currency: 'JPY' }, 'zh-CN'))).toContain('5,000');
    expect(formatMoney({ minor: 5000, currency: 'JPY' }, 'en')).not.toContain('.');
  });

  it('should use three decimals for KWD and two for USD', () => {
    expect(currencyFractionDigits('KWD')).toBe(3);
    expect(norm(formatMoney({ minor: 1234, currency: 'KWD' }, 'en'))).toContain('1.234');
    expect(norm(formatMoney({ minor: 199, currency: 'USD' }, 'en'))).toBe('$1.99');
  });

  it('should keep negative amounts, lower-case codes and exactness', () => {
    expect(norm(formatMoney({ minor: -1999, currency: 'usd' }, 'en'))).toBe('-$19.99');
    expect(minorToMajorString(123456789012345678n, 2)).toBe('1234567890123456.78');
    expect(minorToMajorString(7, 3)).toBe('0.007');
    expect(minorToMajorString(-7, 2)).toBe('-0.07');
  });

  it('should return an empty string without an amount', () => {
    expect(formatMoney(null, 'en')).toBe('');
  });
});

describe('formatDateTime', () => {
  const instant = '2026-11-25T08:00:00.123Z';

  it.each([
    ['Asia/Shanghai', instant, {}, '2026-11-25 16:00 UTC+8'],
    ['UTC', instant, {}, '2026-11-25 08:00 UTC'],
    ['America/New_York (winter)', instant, {}, '2026-11-25 03:00 UTC-5'],
    ['Asia/Kolkata (half hour)', instant, {}, '2026-11-25 13:30 UTC+5:30'],
    ['Asia/Shanghai with seconds', '2026-11-25T16:30:05Z', { seconds: true }, '2026-11-26 00:30:05 UTC+8'],
    ['Asia/Shanghai without the zone', instant, { zone: false }, '2026-11-25 16:00'],
    ['Europe/Berlin in summer', '2026-07-01T12:00:00Z', {}, '2026-07-01 14:00 UTC+2'],
    ['Europe/Berlin in winter', '2026-01-01T12:00:00Z', {}, '2026-01-01 13:00 UTC+1'],
  ] as const)('should show the instant 24-hour with its zone: %s', (label, value, opts, expected) => {
    const zone = label.split(' ')[0];
    expect(formatDateTime(value, zone, opts)).toBe(expected);
  });

  it('should label zones by their offset at the instant', () => {
    expect(zoneLabel('2026-07-01T12:00:00Z', 'America/New_York')).toBe('UTC-4');
    expect(zoneLabel('2026-01-15T00:00:00Z', 'America/St_Johns')).toBe('UTC-3:30');
  });

  it.each([
    ['2026-11-25 16:00', '2026-11-25T16:00:00+08:00'],
    ['2026-11-25T16:00', '2026-11-25T16:00:00+08:00'],
    [' 2026/1/5 9:05:30 ', '2026-01-05T09:05:30+08:00'],
    ['2026-02-30 10:00', null],
    ['2026-11-25 24:00', null],
    ['2026-11-25', null],
    ['yesterday', null],
  ])('should read typed date-times in the user time zone: %s', (text, expected) => {
    expect(parseWallTimeText(text, 'Asia/Shanghai')).toBe(expected);
  });

  it.each([
    ['2026-11-25', '2026-11-25'],
    ['2026/1/5', '2026-01-05'],
    ['2026-02-29', null],
    ['2028-02-29', '2028-02-29'],
    ['25.11.2026', null],
  ])('should read typed dates: %s', (text, expected) => {
    expect(parseDateText(text)).toBe(expected);
  });

  it('should format the date alone and tolerate empty values', () => {
    expect(formatDate('2026-11-25T17:00:00Z', 'Asia/Shanghai')).toBe('2026-11-26');
    expect(formatDateTime(null, 'UTC')).toBe('');
    expect(formatDateTime('not a date', 'UTC')).toBe('');
  });

  it('should describe a zone with its offset', () => {
    expect(describeTimeZone('Asia/Shanghai', new Date(instant))).toBe('Asia/Shanghai (UTC+08:00)');
    expect(describeTimeZone('America/St_Johns', new Date('2026-01-15T00:00:00Z'))).toBe('America/St_Johns (UTC-03:30)');
  });

  it('should read typed wall times in the user time zone, as ISO with offset', () => {
    expect(zonedWallTimeToIso('2026-11-25T16:00', 'Asia/Shanghai')).toBe('2026-11-25T16:00:00+08:00');
    expect(zonedWallTimeToIso('2026-07-01T09:30', 'Europe/Berlin')).toBe('2026-07-01T09:30:00+02:00');
    expect(zonedWallTimeToIso('2026-01-01T09:30', 'Europe/Berlin')).toBe('2026-01-01T09:30:00+01:00');
    expect(zonedWallTimeToIso('garbage', 'UTC')).toBeNull();
    expect(isoToZonedWallTime('2026-11-25T08:00:00Z', 'Asia/Shanghai')).toBe('2026-11-25T16:00');
  });
});

describe('formatDuration', () => {
  it('should show the two most significant units', () => {
    expect(formatDuration(42_000, 'en')).toBe('42s');
    expect(formatDuration(4 * 60_000 + 9_000, 'en')).toBe('4m 09s');
    expect(formatDuration(3_900_000, 'en')).toBe('1h 05m');
    expect(formatDuration(2 * 86_400_000 + 3 * 3_600_000 + 59_000, 'en')).toBe('2d 3h');
    expect(formatDuration(86_400_000, 'en')).toBe('1d');
    expect(formatDuration(-3_900_000, 'en')).toBe('1h 05m');
  });

  it('should use Chinese units in zh-CN', () => {
    expect(formatDuration(2 * 86_400_000 + 3 * 3_600_000, 'zh-CN')).toBe('2天3小时');
    expect(formatDuration(3_900_000, 'zh-CN')).toBe('1小时05分');
  });

  it('should tick as a clock', () => {
    expect(formatClock(3_909_000, 'en')).toBe('01:05:09');
    expect(formatClock(90_000_000, 'en')).toBe('1d 01:00:00');
  });

  it('should parse and describe ISO 8601 durations', () => {
    expect(parseIsoDuration('PT1H')).toMatchObject({ hours: 1 });
    expect(parseIsoDuration('P')).toBeNull();
    expect(parseIsoDuration('PT')).toBeNull();
    expect(parseIsoDuration('1H')).toBeNull();
    expect(formatIsoDuration('PT1H', 'en')).toBe('1 hour');
    expect(formatIsoDuration('P2D', 'en')).toBe('2 days');
    expect(formatIsoDuration('PT1H30M', 'en')).toBe('1 hour 30 minutes');
    expect(formatIsoDuration('PT30S', 'zh-CN')).toBe('30秒');
    expect(formatIsoDuration('P1DT2H', 'zh-CN')).toBe('1天2小时');
  });

  it('should format sizes', () => {
    expect(formatBytes(512, 'en')).toBe('512 B');
    expect(formatBytes(1536, 'en')).toBe('1.5 KB');
    expect(formatBytes(25 * 1024 * 1024, 'en')).toBe('25 MB');
  });
});
