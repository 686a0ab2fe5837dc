import { isValidSn, normaliseSn, SN_PATTERN } from './sn';

describe('normaliseSn', () => {
  it.each([
    ['ab1234', 'AB1234'],
    ['  ab 12\t34\n', 'AB1234'],
    ['ＡＢ１２３４', 'AB1234'],
    ['ＡＢ\u3000１２３４', 'AB1234'],
    ['ab\u00A012-34', 'AB12-34'],
    ['ｓｎ－００１２３４', 'SN-001234'],
    ['ab\u200B1234', 'AB1234'],
    ['pax\u2060-a920\uFEFF', 'PAX-A920'],
  ])('should normalise %j to %s', (raw, expected) => {
    expect(normaliseSn(raw)).toBe(expected);
  });
});

describe('isValidSn', () => {
  it.each<[string, boolean]>([
    ['AB1234', true],
    ['00012345678901234567', true],
    ['X'.repeat(32), true],
    ['AB123', false],
    ['X'.repeat(33), false],
    ['AB_1234', false],
    ['AB12€34', false],
    ['ab1234', false],
    ['', false],
  ])('should judge %j valid: %s', (sn, valid) => {
    expect(isValidSn(sn)).toBe(valid);
    expect(SN_PATTERN.test(sn)).toBe(valid);
  });

  it('should accept what normaliseSn makes of full-width input', () => {
    expect(isValidSn(normaliseSn('ｐａｘ－ａ９２０\u3000７７７'))).toBe(true);
  });
});
