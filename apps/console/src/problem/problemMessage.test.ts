import polyglotI18nProvider from 'ra-i18n-polyglot';
import { HttpError } from 'react-admin';
import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { zhCN } from '../i18n/zh-CN';
import { toHttpError } from './problem';
import { missingItemLabel, problemMessage, type TranslateFn } from './problemMessage';

function translator(locale: 'en' | 'zh-CN'): TranslateFn {
  const provider = polyglotI18nProvider(() => (locale === 'en' ? en : zhCN) as never, locale, [], { allowMissing: true });
  return (key, options) => provider.translate(key, options);
}

const problem = (status: number, body: Record<string, unknown>, headers?: Record<string, string>) =>
  toHttpError(status, 'Status', { type: 'about:blank', title: 'T', status, ...body }, headers ? new Headers(headers) : null);

describe('toHttpError', () => {
  it('should keep code, params and field errors on the HttpError body', () => {
    const e = problem(422, {
      code: 'VALIDATION.FAILED',
      message: 'Validation failed',
      errors: { sn: 'must be 6–32 characters', 'transactions.3.maskedPan': 'looks like a PAN' },
      params: { x: 1 },
    });
    expect(e).toBeInstanceOf(HttpError);
    expect(e.status).toBe(422);
    expect(e.message).toBe('Validation failed');
    expect(e.body?.code).toBe('VALIDATION.FAILED');
    expect(e.body?.params).toEqual({ x: 1 });
    expect(e.body?.errors).toEqual({ sn: 'must be 6–32 characters', 'transactions.3.maskedPan': 'looks like a PAN' });
  });

  it('should fall back to detail, title then status text, and read Retry-After', () => {
    expect(toHttpError(500, 'Internal Server Error', undefined).message).toBe('Internal Server Error');
    expect(problem(429, { code: 'RATE_LIMITED', detail: 'Slow down' }, { 'Retry-After': '30' }).body?.retryAfter).toBe(30);
  });
});

describe('field errors', () => {
  it('should put the translation key of a known field code under the input, and keep the server text beside it', () => {
    const e = problem(422, {
      code: 'VALIDATION.FAILED',
      message: 'Validation failed',
      errors: { sn: 'must be 6–32 characters', findings: 'are required when the merchant was reached', 'holidays.3': 'odd' },
      fieldCodes: { sn: 'PATTERN', findings: 'REQUIRED', 'holidays.3': 'SOMETHING_NEW' },
    });
    expect(e.body?.errors).toEqual({ sn: 'errors.field.PATTERN', findings: 'errors.field.REQUIRED', 'holidays.3': 'odd' });
    expect(e.body?.fieldMessages?.findings).toBe('are required when the merchant was reached');
    const t = translator('zh-CN');
    expect(t(e.body!.errors!.sn, { _: e.body!.errors!.sn })).toBe('格式不正确');
    expect(t(e.body!.errors!.findings, { _: e.body!.errors!.findings })).toBe('必填');
  });

  it('should say a clash with existing data under the field it names', () => {
    const e = problem(409, { code: 'CONFLICT', message: 'A user with the email a@b.c already exists', params: { field: 'email' } });
    expect(e.body?.errors).toEqual({ email: 'errors.field.TAKEN' });
  });

  it("should fall back to the server's text when the API sends no field codes", () => {
    const e = problem(422, { code: 'VALIDATION.FAILED', message: 'Validation failed', errors: { sn: 'must be 6–32 characters' } });
    expect(e.body?.errors).toEqual({ sn: 'must be 6–32 characters' });
  });
});

describe('problemMessage', () => {
  it('should translate a rule refusal by code with its translated params', () => {
    const e = problem(422, {
      code: 'CASE.EXIT_RULE_UNMET',
      message: 'Missing evidence: police_receipt, transaction_records',
      params: { missing: ['police_receipt', 'transaction_records'] },
    });
    expect(problemMessage(e, translator('en'))).toBe(
      'This stage cannot be completed yet. Missing: Police receipt, Transaction records.',
    );
    expect(problemMessage(e, translator('zh-CN'))).toBe('此阶段尚不能完成。缺少：报案回执、交易记录。');
  });

  it('should translate facts of exit rules as well as evidence types', () => {
    const t = translator('zh-CN');
    expect(missingItemLabel('merchant_contact.reached', t)).toBe('一次成功联系商户并记录调查结果');
    expect(missingItemLabel('police_receipt', t)).toBe('报案回执');
    expect(missingItemLabel('something_new', t)).toBe('something_new');
  });

  it('should translate stage params', () => {
    const e = problem(422, { code: 'CASE.STAGE_NOT_WAIVABLE', message: 'review cannot be waived', params: { stage: 'review' } });
    expect(problemMessage(e, translator('en'))).toBe('The Review stage cannot be waived.');
    expect(problemMessage(e, translator('zh-CN'))).toBe('“复核”阶段不可豁免。');
  });

  it('should translate codes without params (403 four eyes, 409 conflict)', () => {
    expect(problemMessage(problem(403, { code: 'CASE.FOUR_EYES', message: 'four eyes' }), translator('zh-CN'))).toBe(
      '四眼原则：您处理过此案件，须由另一位主管执行此操作。',
    );
    expect(problemMessage(problem(409, { code: 'CASE.VERSION_CONFLICT', message: 'stale' }), translator('en'))).toBe(
      'Someone else changed this case.',
    );
  });

  it("should fall back to the API's message for unknown codes or missing params", () => {
    expect(problemMessage(problem(422, { code: 'SOMETHING.NEW', message: 'A new rule said no' }), translator('en'))).toBe(
      'A new rule said no',
    );
    expect(
      problemMessage(problem(422, { code: 'CASE.EXIT_RULE_UNMET', message: 'Missing: police receipt' }), translator('zh-CN')),
    ).toBe('Missing: police receipt');
  });

  it('should interpolate Retry-After and correlation ids', () => {
    const e = problem(429, { code: 'RATE_LIMITED', message: 'Too many' }, { 'Retry-After': '42' });
    expect(problemMessage(e, translator('en'))).toBe('Too many attempts. Try again in 42 seconds.');
    const i = problem(500, { code: 'INTERNAL', message: 'Internal error', correlationId: 'abc-123' });
    expect(problemMessage(i, translator('zh-CN'))).toBe('服务器出现错误（参考编号 abc-123）。');
  });

  it('should explain network failures and bare statuses', () => {
    expect(problemMessage(new TypeError('Failed to fetch'), translator('en'))).toBe(
      'The server cannot be reached. Check your connection and try again.',
    );
    expect(problemMessage(new HttpError('Bad Gateway', 502, {}), translator('en'))).toBe('Bad Gateway');
    expect(problemMessage(new HttpError('', 404, {}), translator('zh-CN'))).toBe('未找到。');
  });
});
