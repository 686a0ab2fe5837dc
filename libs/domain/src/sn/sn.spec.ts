import { DomainError } from '../errors';
import { maskSn, maskTail, normaliseSn, parseSn, SN_PATTERN } from './sn';

describe('normaliseSn', () => {
  it.each([
    ['ab1234', 'AB1234'],
    ['  ab 12\t34\n', 'AB1234'],
    ['ＡＢ１２３４', 'AB1234'],
    ['ＡＢ\u3000１２３４', 'AB1234'],
    ['ab\u00A012-34', 'AB12-34'],
    ['ｓｎ－００１２３４', 'SN-001234'],
    ['ab\u200B1234', 'AB1234'],
  ])('should normalise %j to %s', (raw, expected) => {
    expect(normaliseSn(raw)).toBe(expected);
  });
});

describe('parseSn', () => {
  it.each([
    ['ＡＢ\u3000１２３４', 'AB1234'],
    ['00012345678901234567', '00012345678901234567'],
    ['x'.repeat(32), 'X'.repeat(32)],
  ])('should accept %j', (raw, expected) => {
    expect(parseSn(raw)).toBe(expected);
    expect(SN_PATTERN.test(expected)).toBe(true);
  });

  it.each<[unknown, string]>([
    ['AB123', 'PATTERN'],
    ['x'.repeat(33), 'PATTERN'],
    ['AB_1234', 'PATTERN'],
    ['AB12€34', 'PATTERN'],
    ['', 'PATTERN'],
    [42, 'INVALID_TYPE'],
    [null, 'REQUIRED'],
    [undefined, 'REQUIRED'],
  ])(
    'should refuse %j with VALIDATION.FAILED on sn (%s)',
    (raw, code) => {
      try {
        parseSn(raw);
        throw new Error('expected a DomainError');
      } catch (e) {
        expect(e).toBeInstanceOf(DomainError);
        expect((e as DomainError).code).toBe('VALIDATION.FAILED');
        expect((e as DomainError).errors).toEqual({ sn: 'must be 6–32 characters of A–Z, 0–9 and -' });
        expect((e as DomainError).fields?.sn.code).toBe(code);
      }
    },
  );
});

describe('masking', () => {
  it.each<[string | null | undefined, number | undefined, string | null]>([
    ['6222020200112233445', undefined, '****3445'],
    ['91310000MA1FL8XX3K', 6, '****L8XX3K'],
    ['1234', undefined, '****'],
    ['', undefined, '****'],
    [null, undefined, null],
    [undefined, undefined, null],
  ])('maskTail(%j, %j) should be %j', (value, visible, expected) => {
    expect(maskTail(value, visible)).toBe(expected);
  });

  it('should show the last 4 characters of an SN', () => {
    expect(maskSn('SN000123456')).toBe('****3456');
  });
});
