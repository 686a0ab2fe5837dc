import { DomainError, isDomainError, splitFieldErrors, validationFailed, type FieldErrors } from './errors';

describe(DomainError.name, () => {
  it('should carry code, message, params and field errors', () => {
    const e = new DomainError('CASE.EXIT_RULE_UNMET', 'Missing police_receipt.', { missing: ['police_receipt'] });
    expect(e).toBeInstanceOf(Error);
    expect(isDomainError(e)).toBe(true);
    expect(e).toMatchObject({ name: 'DomainError', code: 'CASE.EXIT_RULE_UNMET', message: 'Missing police_receipt.', params: { missing: ['police_receipt'] } });
    expect(e.errors).toBeUndefined();
    expect(e.fields).toBeUndefined();
  });

  it.each<[FieldErrors, string, Record<string, string>]>([
    [{ sn: { code: 'PATTERN', message: 'must be 6–32 characters of A–Z, 0–9 and -' } }, 'sn must be 6–32 characters of A–Z, 0–9 and -.', { sn: 'PATTERN' }],
    [
      { a: { code: 'REQUIRED', message: 'is required' }, b: { code: 'IN_FUTURE', message: 'may not be in the future' } },
      'Some fields are invalid: a, b.',
      { a: 'REQUIRED', b: 'IN_FUTURE' },
    ],
  ])('validationFailed(%j) should read %j with codes %j', (fields, message, codes) => {
    const e = validationFailed(fields);
    expect(e).toMatchObject({ code: 'VALIDATION.FAILED', message, fields });
    expect(splitFieldErrors(e.fields!).fieldCodes).toEqual(codes);
    expect(Object.keys(e.errors!)).toEqual(Object.keys(codes));
  });

  it('should keep an explicit message', () => {
    expect(validationFailed({ at: { code: 'IN_FUTURE', message: 'may not be in the future' } }, 'at may not be in the future.').message).toBe(
      'at may not be in the future.',
    );
  });
});
