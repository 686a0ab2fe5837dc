import { SlaError } from './sla.errors';
import { durationToMs, formatIsoDuration, isValidIsoDuration, isZeroDuration, parseIsoDuration } from './iso-duration';

const S = 1_000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe(parseIsoDuration.name, () => {
  it.each([
    ['PT30S', { weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 30 }],
    ['PT2H', { weeks: 0, days: 0, hours: 2, minutes: 0, seconds: 0 }],
    ['PT1H30M', { weeks: 0, days: 0, hours: 1, minutes: 30, seconds: 0 }],
    ['PT90M', { weeks: 0, days: 0, hours: 0, minutes: 90, seconds: 0 }],
    ['P1D', { weeks: 0, days: 1, hours: 0, minutes: 0, seconds: 0 }],
    ['P2D', { weeks: 0, days: 2, hours: 0, minutes: 0, seconds: 0 }],
    ['P1DT4H', { weeks: 0, days: 1, hours: 4, minutes: 0, seconds: 0 }],
    ['P1DT2H3M4S', { weeks: 0, days: 1, hours: 2, minutes: 3, seconds: 4 }],
    ['P1W', { weeks: 1, days: 0, hours: 0, minutes: 0, seconds: 0 }],
    ['P3W', { weeks: 3, days: 0, hours: 0, minutes: 0, seconds: 0 }],
    ['PT0S', { weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 }],
    ['P0D', { weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 }],
  ])('should parse %s', (s, expected) => {
    expect(parseIsoDuration(s)).toEqual(expected);
  });

  it.each([
    ['P1Y', /years and months/],
    ['P2M', /years and months/],
    ['P1Y2M3DT4H', /years and months/],
    ['P1M2D', /years and months/],
    ['', /expected an ISO 8601 duration/],
    ['P', /expected/],
    ['PT', /expected/],
    ['P1DT', /expected/],
    ['T1H', /expected/],
    ['1H', /expected/],
    ['pt2h', /expected/],
    [' PT2H', /expected/],
    ['PT2H ', /expected/],
    ['-PT1H', /expected/],
    ['PT1.5H', /expected/],
    ['PT1,5H', /expected/],
    ['P1W2D', /expected/],
    ['PT1M2H', /expected/],
    ['P1H', /expected/],
    ['PT1D', /expected/],
  ])('should refuse %j', (s, message) => {
    expect(() => parseIsoDuration(s)).toThrow(SlaError);
    expect(() => parseIsoDuration(s)).toThrow(message);
    try {
      parseIsoDuration(s);
    } catch (e) {
      expect((e as SlaError).code).toBe('SLA.INVALID_DURATION');
    }
  });

  it('should refuse absurdly long durations with SLA.DURATION_TOO_LONG', () => {
    expect(() => parseIsoDuration('P4000D')).toThrow(expect.objectContaining({ code: 'SLA.DURATION_TOO_LONG' }));
    expect(() => parseIsoDuration('P999999W')).toThrow(expect.objectContaining({ code: 'SLA.DURATION_TOO_LONG' }));
  });

  it('should refuse non-strings', () => {
    expect(() => parseIsoDuration(undefined as unknown as string)).toThrow(SlaError);
    expect(() => parseIsoDuration(3600 as unknown as string)).toThrow(SlaError);
  });
});

describe(isValidIsoDuration.name, () => {
  it.each([
    ['PT1H', true],
    ['P5D', true],
    ['P1W', true],
    ['P1M', false],
    ['PT', false],
    [null, false],
    [42, false],
  ])('should say %j → %s', (s, ok) => {
    expect(isValidIsoDuration(s)).toBe(ok);
  });
});

describe(durationToMs.name, () => {
  it.each([
    ['PT30S', 30 * S],
    ['PT2H', 2 * H],
    ['PT1H30M', H + 30 * M],
    ['P1D', D],
    ['P1DT4H', D + 4 * H],
    ['P1W', 7 * D],
    ['PT0S', 0],
  ])('should measure %s as a plain (24x7) length', (s, ms) => {
    expect(durationToMs(parseIsoDuration(s))).toBe(ms);
  });

  it('should accept an object without weeks', () => {
    expect(durationToMs({ days: 1, hours: 1, minutes: 1, seconds: 1 })).toBe(D + H + M + S);
  });

  it('should tell a zero duration', () => {
    expect(isZeroDuration(parseIsoDuration('PT0S'))).toBe(true);
    expect(isZeroDuration(parseIsoDuration('PT1S'))).toBe(false);
  });
});

describe(formatIsoDuration.name, () => {
  it.each([
    [0, 'PT0S'],
    [30 * S, 'PT30S'],
    [2 * H, 'PT2H'],
    [H + 30 * M, 'PT1H30M'],
    [D, 'P1D'],
    [D + 4 * H, 'P1DT4H'],
    [7 * D, 'P7D'],
    [D + 2 * H + 3 * M + 4 * S, 'P1DT2H3M4S'],
    [1_499, 'PT1S'],
    [1_500, 'PT2S'],
    [499, 'PT0S'],
  ])('should format %d ms as %s', (ms, s) => {
    expect(formatIsoDuration(ms)).toBe(s);
  });

  it.each(['PT30S', 'PT2H', 'PT1H30M', 'P1D', 'P2D', 'P1DT4H', 'P1DT2H3M4S'])('should round-trip %s', (s) => {
    expect(formatIsoDuration(durationToMs(parseIsoDuration(s)))).toBe(s);
  });

  it.each([-1, NaN, Infinity])('should refuse %d', (ms) => {
    expect(() => formatIsoDuration(ms)).toThrow(SlaError);
  });
});
