import { outboundPolicy } from './address-rule';
import { checkOutboundUrlAtSave } from './save-check';

describe('checkOutboundUrlAtSave', () => {
  const strict = outboundPolicy({});
  const names: Record<string, string[]> = { 'bank.example': ['93.184.215.14'], 'rebind.example': ['93.184.215.14', '10.0.0.7'], 'gw.example': ['10.20.0.4'] };
  const asked: string[] = [];
  const resolver = async (host: string) => {
    asked.push(host);
    const found = names[host];
    if (!found) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    return found.map((address) => ({ address, family: 4 }));
  };
  beforeEach(() => (asked.length = 0));

  it('refuses a name that resolves to a private address now, without connecting', async () => {
    expect(await checkOutboundUrlAtSave('https://bank.example/hook', strict, { resolver })).toEqual({ ok: true });
    expect(await checkOutboundUrlAtSave('https://rebind.example/hook', strict, { resolver })).toEqual({ ok: false, reason: 'address not allowed' });
    expect(await checkOutboundUrlAtSave('https://gw.example/hook', outboundPolicy({ allowedCidrs: ['10.20.0.0/16'] }), { resolver })).toEqual({ ok: true });
    expect(asked).toEqual(['bank.example', 'rebind.example', 'gw.example']);
  });

  it('accepts a name that does not resolve yet or a resolver that hangs (each connection is checked again)', async () => {
    expect(await checkOutboundUrlAtSave('https://later.example/hook', strict, { resolver })).toEqual({ ok: true });
    const hang = () => new Promise<never>(() => undefined);
    expect(await checkOutboundUrlAtSave('https://slow.example/hook', strict, { resolver: hang, timeoutMs: 20 })).toEqual({ ok: true });
  });

  it('asks no resolver for literal addresses, refused URLs or when private addresses are allowed', async () => {
    expect(await checkOutboundUrlAtSave('https://10.0.0.1/hook', strict, { resolver })).toEqual({ ok: false, reason: 'address not allowed' });
    expect(await checkOutboundUrlAtSave('http://bank.example/hook', strict, { resolver })).toEqual({ ok: false, reason: 'must be an https URL' });
    expect(await checkOutboundUrlAtSave('http://rebind.example/hook', outboundPolicy({ allowPrivate: true }), { resolver })).toEqual({ ok: true });
    expect(asked).toEqual([]);
  });
});
