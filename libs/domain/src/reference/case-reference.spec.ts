import { formatCaseReference, parseCaseReference } from './case-reference';

describe('formatCaseReference', () => {
  it.each([
    [2026, 123, 'SNC-2026-000123'],
    [2026, 1, 'SNC-2026-000001'],
    [2026, 999_999, 'SNC-2026-999999'],
    [2027, 1_234_567, 'SNC-2027-1234567'],
  ])('(%d, %d) should be %s', (year, seq, expected) => {
    expect(formatCaseReference(year, seq)).toBe(expected);
    expect(parseCaseReference(expected)).toEqual({ year, seq });
  });

  it.each([
    [2026, 0],
    [2026, -1],
    [2026, 1.5],
    [26, 1],
  ])('(%d, %d) should throw', (year, seq) => {
    expect(() => formatCaseReference(year, seq)).toThrow(RangeError);
  });

  it('should not parse other strings', () => {
    expect(parseCaseReference('SNC-2026-123')).toBeNull();
    expect(parseCaseReference(' snc-2026-000123 ')).toEqual({ year: 2026, seq: 123 });
  });
});
