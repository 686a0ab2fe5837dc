import { checkOutboundUrl, isAddressAllowed, outboundPolicy, outboundPolicyFromEnv } from './address-rule';

const strict = outboundPolicy({});
const gateway = outboundPolicy({ allowedCidrs: ['10.20.0.0/16', 'fd00:1::/32'] });
const open = outboundPolicy({ allowPrivate: true });

describe('the outbound address rule', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '192.0.2.1',
    'not-an-ip',
  ])('refuses %s unless private addresses are allowed', (ip) => {
    expect(isAddressAllowed(ip, strict)).toBe(false);
    expect(isAddressAllowed(ip, open)).toBe(true);
  });

  it.each(['8.8.8.8', '203.0.114.1', '2a00:1450:4001:80b::200e', '::ffff:8.8.4.4'])('allows the public address %s', (ip) => {
    expect(isAddressAllowed(ip, strict)).toBe(true);
  });

  it('allows private addresses inside WEBHOOK_ALLOWED_CIDRS only', () => {
    expect(isAddressAllowed('10.20.5.6', gateway)).toBe(true);
    expect(isAddressAllowed('10.21.5.6', gateway)).toBe(false);
    expect(isAddressAllowed('fd00:1::5', gateway)).toBe(true);
    expect(isAddressAllowed('fd00:2::5', gateway)).toBe(false);
  });

  it('checks URLs: https only, no credentials, literal addresses by the rule', () => {
    expect(checkOutboundUrl('https://bank.example/hooks', strict)).toEqual({ ok: true });
    expect(checkOutboundUrl('http://bank.example/hooks', strict)).toEqual({ ok: false, reason: 'must be an https URL' });
    expect(checkOutboundUrl('ftp://bank.example/', open)).toEqual({ ok: false, reason: 'must be an http or https URL' });
    expect(checkOutboundUrl('http://127.0.0.1:9/x', open)).toEqual({ ok: true });
    expect(checkOutboundUrl('https://user:pw@bank.example/', strict).ok).toBe(false);
    expect(checkOutboundUrl('https://10.0.0.1/', strict)).toEqual({ ok: false, reason: 'address not allowed' });
    expect(checkOutboundUrl('https://[::1]/', strict)).toEqual({ ok: false, reason: 'address not allowed' });
    expect(checkOutboundUrl('https://localhost/', strict)).toEqual({ ok: false, reason: 'address not allowed' });
    expect(checkOutboundUrl('https://10.20.0.9/', gateway)).toEqual({ ok: true });
    expect(checkOutboundUrl('not a url', strict)).toEqual({ ok: false, reason: 'not an absolute URL' });
  });

  it('reads the environment and refuses a malformed range at start', () => {
    const p = outboundPolicyFromEnv({ WEBHOOK_ALLOW_PRIVATE: 'false', WEBHOOK_ALLOWED_CIDRS: '10.0.0.0/8, 192.168.0.0/16' });
    expect(p.allowPrivate).toBe(false);
    expect(p.allowedCidrs).toHaveLength(2);
    expect(outboundPolicyFromEnv({ WEBHOOK_ALLOW_PRIVATE: 'true' }).allowPrivate).toBe(true);
    expect(() => outboundPolicyFromEnv({ WEBHOOK_ALLOWED_CIDRS: '10.0.0.0/99' })).toThrow(/WEBHOOK_ALLOWED_CIDRS/);
  });
});
