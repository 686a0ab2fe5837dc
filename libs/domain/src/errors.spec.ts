import { DomainError, isDomainError, validationFailed } from './errors';

describe(DomainError.name, () => {
  it('should carry code, message, params and field errors', () => {
    const e = new DomainError('CASE.EXIT_RULE_UNMET', 'Missing police_receipt.', { missing: ['police_receipt'] });
    expect(e).toBeInstanceOf(Error);
    expect(isDomainError(e)).toBe(true);
    expect(e).toMatchObject({ name: 'DomainError', code: 'CASE.EXIT_RULE_UNMET', message: 'Missing police_receipt.', params: { missing: ['police_receipt'] } });
    expect(e.errors).toBeUndefined();
  });

  it.each<[Record<string, string>, string]>([
    [{ sn: 'must be 6–32 characters of A–Z, 0–9 and -' }, 'sn must be 6–32 characters of A–Z, 0–9 and -.'],
    [{ a: 'is required', b: 'is required' }, 'Some fields are invalid: a, b.'],
  ])('validationFailed(%j) should read %j', (errors, message) => {
    expect(validationFailed(errors)).toMatchObject({ code: 'VALIDATION.FAILED', message, errors });
  });
});
