import { describe, expect, it } from 'vitest';
import { isWholeTarget, joinTarget, splitTarget } from './slaTarget';

describe('splitTarget', () => {
  it.each([
    ['PT5M', true, { amount: 5, unit: 'minutes' }],
    ['PT1H', true, { amount: 1, unit: 'hours' }],
    ['PT90M', true, { amount: 90, unit: 'minutes' }],
    ['PT1H30M', true, { amount: 90, unit: 'minutes' }],
    ['PT24H', true, { amount: 1, unit: 'days' }],
    ['P1D', true, { amount: 1, unit: 'days' }],
    ['P1DT4H', true, { amount: 28, unit: 'hours' }],
    ['P1W', true, { amount: 7, unit: 'days' }],
    ['PT30S', true, { amount: 30, unit: 'seconds' }],
    ['P2D', false, { amount: 2, unit: 'days' }],
    ['P1W', false, { amount: 5, unit: 'days' }],
    ['PT4H', false, { amount: 4, unit: 'hours' }],
    ['PT24H', false, { amount: 24, unit: 'hours' }],
    ['PT30M', false, { amount: 30, unit: 'minutes' }],
  ] as const)('should read %s (24x7: %s) as one unit', (iso, plain, expected) => {
    expect(splitTarget(iso, plain)).toEqual(expected);
  });

  it.each([
    ['P1DT4H on a business calendar (working days and hours do not convert)', 'P1DT4H', false],
    ['months', 'P1M', true],
    ['fractions of a second', 'PT0.5S', true],
    ['not a duration', '1 hour', true],
    ['nothing', null, true],
  ] as const)('should not split %s', (_label, iso, plain) => {
    expect(splitTarget(iso, plain)).toBeNull();
  });
});

describe('joinTarget', () => {
  it.each([
    [2, 'days', 'P2D'],
    [1, 'hours', 'PT1H'],
    [30, 'minutes', 'PT30M'],
    [45, 'seconds', 'PT45S'],
  ] as const)('should write %s %s as %s', (amount, unit, iso) => {
    expect(joinTarget(amount, unit)).toBe(iso);
    expect(splitTarget(iso, false)).toEqual({ amount, unit });
  });

  it('should only accept whole numbers above 0', () => {
    expect(isWholeTarget(joinTarget('3', 'hours'), false)).toBe(true);
    expect(isWholeTarget(joinTarget('1.5', 'hours'), false)).toBe(false);
    expect(isWholeTarget(joinTarget('0', 'days'), true)).toBe(false);
    expect(isWholeTarget(joinTarget('-1', 'days'), true)).toBe(false);
  });
});
