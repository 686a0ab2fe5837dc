import { describe, expect, it } from 'vitest';
import { formErrorsFromApi, majorToMinor, snPreview, toReportRequest } from './reportPayload';

describe('majorToMinor', () => {
  it.each<[string, string, number | null]>([
    ['12500', 'CNY', 1_250_000],
    ['12,500.50', 'CNY', 1_250_050],
    [' 12 500.5 ', 'CNY', 1_250_050],
    ['１２５００．５０', 'CNY', 1_250_050],
    ['0.01', 'CNY', 1],
    ['1000', 'JPY', 1000],
    ['10.5', 'JPY', null],
    ['1.001', 'CNY', null],
    ['1.234', 'KWD', 1234],
    ['-5', 'CNY', null],
    ['1e3', 'CNY', null],
    ['abc', 'CNY', null],
    ['', 'CNY', null],
    ['99999999999999999999', 'CNY', null],
  ])('%j %s → %j', (typed, currency, expected) => {
    expect(majorToMinor(typed, currency)).toBe(expected);
  });
});

describe('snPreview', () => {
  it.each<[string, string, boolean]>([
    ['ｐａｘ－ａ９２０\u3000７７７１２３', 'PAX-A920777123', true],
    ['  ab 12 34 ', 'AB1234', true],
    ['ab12', 'AB12', false],
    ['AB_1234', 'AB_1234', false],
  ])('%j → %s (valid %s)', (typed, sn, valid) => {
    expect(snPreview(typed)).toEqual({ sn, valid });
  });
});

describe('toReportRequest', () => {
  it('should send the normalised SN, minor units and only what was filled in', () => {
    const r = toReportRequest({
      sn: 'ｐａｘ－ａ９２０\u3000７７７１２３',
      channel: 'merchant_call',
      misuseType: 'cloned_terminal',
      bankCode: 'ICBC_SH',
      merchantName: '  Peony Bakery ',
      merchantId: '',
      amount: '12,500.50',
      currency: 'CNY',
      reporterName: 'Ms Wang',
      reporterRelationship: 'merchant',
      deviceWithMerchant: 'yes',
      description: '',
      transactions: [{ at: '2026-11-25T01:12:00.000Z', amount: '4999', maskedPan: '622848******1234', entryMode: 'magstripe' }, {}],
    });
    expect(r).toEqual({
      ok: true,
      body: {
        sn: 'PAX-A920777123',
        channel: 'merchant_call',
        misuseType: 'cloned_terminal',
        bankCode: 'ICBC_SH',
        merchantName: 'Peony Bakery',
        amountAtRisk: { minor: 1_250_050, currency: 'CNY' },
        reporter: { name: 'Ms Wang', relationship: 'merchant' },
        deviceWithMerchant: true,
        transactions: [{ at: '2026-11-25T01:12:00.000Z', amount: { minor: 499_900, currency: 'CNY' }, maskedPan: '622848******1234', entryMode: 'magstripe' }],
      },
    });
  });

  it('should leave "device with the merchant" out when unknown, and send false when not', () => {
    const base = { sn: 'AB1234', channel: 'cardholder' as const, misuseType: 'other' as const };
    expect(toReportRequest({ ...base, deviceWithMerchant: '' })).toEqual({ ok: true, body: base });
    expect(toReportRequest({ ...base, deviceWithMerchant: 'no' })).toEqual({ ok: true, body: { ...base, deviceWithMerchant: false } });
  });

  it('should refuse, per input, what cannot be sent: an invalid SN, a machine channel, a bad amount, an incomplete transaction', () => {
    const r = toReportRequest({
      sn: 'ab',
      channel: 'bank_alert' as never,
      amount: '12.345',
      transactions: [{ at: null, amount: 'x', maskedPan: '' }],
    });
    expect(r).toEqual({
      ok: false,
      errors: {
        sn: 'intake.sn_invalid',
        channel: 'ra.validation.required',
        misuseType: 'ra.validation.required',
        amount: 'intake.amount_invalid',
        'transactions.0.amount': 'intake.amount_invalid',
        'transactions.0.at': 'ra.validation.required',
        'transactions.0.maskedPan': 'ra.validation.required',
      },
    });
  });
});

describe('formErrorsFromApi', () => {
  it('should put the API’s field errors on the form’s inputs', () => {
    expect(formErrorsFromApi({ sn: 'must be…', 'amountAtRisk.minor': 'too big', 'reporter.phone': 'bad', 'transactions.2.amount.minor': 'x', 'transactions.1.maskedPan': 'unmasked' })).toEqual({
      sn: 'must be…',
      amount: 'too big',
      reporterPhone: 'bad',
      'transactions.2.amount': 'x',
      'transactions.1.maskedPan': 'unmasked',
    });
    expect(formErrorsFromApi(undefined)).toBeUndefined();
  });
});
