import { isDomainError } from '../errors';
import { acquiringBankCode, assertChannelAllowed, assertKeyBindings, decideAutoFreeze, type ReportCredential } from './intake-trust';

const POLICY = { staffChannels: ['merchant_call'] };
const ICBC = { code: 'ICBC', active: true };
const key = (o: Partial<Extract<ReportCredential, { kind: 'api_key' }>> = {}): ReportCredential => ({
  kind: 'api_key',
  bankCodes: ['ICBC'],
  channels: ['bank_alert'],
  autoFreeze: true,
  ...o,
});

function codeOf(fn: () => void): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return e.fields ? `${e.code} ${Object.entries(e.fields).map(([f, v]) => `${f}:${v.code}`).join(',')}` : e.code;
  }
}

describe('assertChannelAllowed', () => {
  it.each(['bank_alert', 'internal_monitoring', 'partner_api'])('refuses a person reporting on the machine channel %s (422 on channel)', (channel) => {
    expect(codeOf(() => assertChannelAllowed({ kind: 'person' }, channel))).toBe('VALIDATION.FAILED channel:NOT_ALLOWED');
  });

  it.each(['merchant_call', 'cardholder'])('lets a person report on %s', (channel) => {
    expect(codeOf(() => assertChannelAllowed({ kind: 'person' }, channel))).toBeNull();
  });

  it('lets intake clients use every channel', () => {
    expect(codeOf(() => assertChannelAllowed({ kind: 'intake_session' }, 'bank_alert'))).toBeNull();
    expect(codeOf(() => assertChannelAllowed(key(), 'partner_api'))).toBeNull();
  });
});

describe('assertKeyBindings', () => {
  it('refuses a bound key outside its banks or channels (403)', () => {
    expect(codeOf(() => assertKeyBindings(key(), { bankCode: 'ABC', channel: 'bank_alert' }))).toBe('AUTH.FORBIDDEN');
    expect(codeOf(() => assertKeyBindings(key(), { bankCode: null, channel: 'bank_alert' }))).toBe('AUTH.FORBIDDEN');
    expect(codeOf(() => assertKeyBindings(key(), { bankCode: 'ICBC', channel: 'partner_api' }))).toBe('AUTH.FORBIDDEN');
    expect(codeOf(() => assertKeyBindings(key(), { bankCode: 'ICBC', channel: 'bank_alert' }))).toBeNull();
  });

  it('lets an old key without bindings submit anywhere (it never triggers the freeze)', () => {
    expect(codeOf(() => assertKeyBindings(key({ bankCodes: null, channels: null }), { bankCode: 'ABC', channel: 'partner_api' }))).toBeNull();
  });
});

describe('decideAutoFreeze', () => {
  it.each<[string, ReportCredential, string, { code: string; active: boolean } | null, { decided: boolean; rule: string }]>([
    ["a person's merchant call", { kind: 'person' }, 'merchant_call', ICBC, { decided: true, rule: 'staff_channel' }],
    ["a person's cardholder report (not a staff channel by default)", { kind: 'person' }, 'cardholder', ICBC, { decided: false, rule: 'none' }],
    ['a person on a machine channel (refused earlier, never trusted here)', { kind: 'person' }, 'bank_alert', ICBC, { decided: false, rule: 'none' }],
    ['a password-signed intake user', { kind: 'intake_session' }, 'bank_alert', ICBC, { decided: false, rule: 'none' }],
    ['a bound key with autoFreeze', key(), 'bank_alert', ICBC, { decided: true, rule: 'key' }],
    ['a bound key without autoFreeze', key({ autoFreeze: false }), 'bank_alert', ICBC, { decided: false, rule: 'none' }],
    ['an old key without bindings', key({ bankCodes: null, channels: null }), 'bank_alert', ICBC, { decided: false, rule: 'none' }],
    ['an old key with bank codes but no channels (upgraded with autoFreeze)', key({ channels: null }), 'partner_api', ICBC, { decided: true, rule: 'key' }],
    ['a key outside its channels (refused earlier, never trusted here)', key(), 'partner_api', ICBC, { decided: false, rule: 'none' }],
    ['a key whose bank is not the master-data bank', key(), 'bank_alert', { code: 'ABC', active: true }, { decided: false, rule: 'none' }],
    ['a key on an inactive bank', key(), 'bank_alert', { code: 'ICBC', active: false }, { decided: false, rule: 'key' }],
    ['a staff channel with no known bank', { kind: 'person' }, 'merchant_call', null, { decided: false, rule: 'staff_channel' }],
  ])('%s', (_name, credential, channel, bank, expected) => {
    expect(decideAutoFreeze(credential, channel, bank, POLICY)).toEqual(expected);
  });

  it('follows the configured staff channels', () => {
    expect(decideAutoFreeze({ kind: 'person' }, 'cardholder', ICBC, { staffChannels: ['merchant_call', 'cardholder'] })).toEqual({ decided: true, rule: 'staff_channel' });
    expect(decideAutoFreeze({ kind: 'person' }, 'merchant_call', ICBC, { staffChannels: [] })).toEqual({ decided: false, rule: 'none' });
  });
});

describe('acquiringBankCode', () => {
  it('takes master data over the body', () => {
    expect(acquiringBankCode('ICBC', 'ABC')).toBe('ICBC');
    expect(acquiringBankCode(null, 'ABC')).toBe('ABC');
    expect(acquiringBankCode(null, null)).toBeNull();
  });
});
