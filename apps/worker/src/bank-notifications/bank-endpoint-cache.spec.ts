import type { BankEndpoint } from '@sentinel/persistence';
import { BANK_ENDPOINT_TTL_MS, BankEndpointCache } from './bank-endpoint-cache';

const endpoint = (code: string, url: string): BankEndpoint => ({ id: `id-${code}`, code, active: true, webhookUrl: url, sealedSecrets: ['sealed'] });

describe('BankEndpointCache', () => {
  let now: number;
  let reads: Array<{ code: string; at: number }>;
  let url: string;
  const cache = () =>
    new BankEndpointCache(
      async (code, at) => {
        reads.push({ code, at: at.getTime() });
        return endpoint(code, url);
      },
      BANK_ENDPOINT_TTL_MS,
      () => now,
    );

  beforeEach(() => {
    now = 1_000_000;
    reads = [];
    url = 'https://bank.example/v1';
  });

  it('should read a bank once per TTL and see a change after it', async () => {
    const c = cache();
    expect((await c.get('AB'))?.webhookUrl).toBe('https://bank.example/v1');
    url = 'https://bank.example/v2';
    now += BANK_ENDPOINT_TTL_MS - 1;
    expect((await c.get('AB'))?.webhookUrl).toBe('https://bank.example/v1');
    expect(reads).toHaveLength(1);
    now += 1;
    expect((await c.get('AB'))?.webhookUrl).toBe('https://bank.example/v2');
    expect(reads).toEqual([
      { code: 'AB', at: 1_000_000 },
      { code: 'AB', at: 1_000_000 + BANK_ENDPOINT_TTL_MS },
    ]);
  });

  it('should keep banks apart and share one read between concurrent deliveries', async () => {
    const c = cache();
    const [a1, a2, b] = await Promise.all([c.get('AB'), c.get('AB'), c.get('CD')]);
    expect(a1).toBe(a2);
    expect(b?.code).toBe('CD');
    expect(reads.map((r) => r.code)).toEqual(['AB', 'CD']);
  });

  it('should not keep a failed read', async () => {
    let fail = true;
    const c = new BankEndpointCache(
      async (code) => {
        reads.push({ code, at: now });
        if (fail) throw new Error('database away');
        return endpoint(code, url);
      },
      BANK_ENDPOINT_TTL_MS,
      () => now,
    );
    await expect(c.get('AB')).rejects.toThrow('database away');
    fail = false;
    expect((await c.get('AB'))?.code).toBe('AB');
    expect(reads).toHaveLength(2);
  });

  it('should keep an unknown bank as unknown for the TTL too', async () => {
    const c = new BankEndpointCache(async (code) => (reads.push({ code, at: now }), null), BANK_ENDPOINT_TTL_MS, () => now);
    expect(await c.get('ZZ')).toBeNull();
    expect(await c.get('ZZ')).toBeNull();
    now += BANK_ENDPOINT_TTL_MS;
    expect(await c.get('ZZ')).toBeNull();
    expect(reads).toHaveLength(2);
  });
});
