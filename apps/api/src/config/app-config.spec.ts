import { randomBytes } from 'node:crypto';
import { loadConfig } from './app-config';

describe('loadConfig: secrets key and the webhook address rule', () => {
  const base = { DATABASE_URL: 'postgres://x@127.0.0.1/x', NODE_ENV: 'test' };

  it('refuses to start in production without SECRETS_KEY, and takes the key when given', () => {
    expect(() => loadConfig({ ...base, NODE_ENV: 'production' })).toThrow(/^Configuration error: SECRETS_KEY is required in production/);
    expect(() => loadConfig({ ...base, NODE_ENV: 'production', SECRETS_KEY: 'too-short' })).toThrow(/SECRETS_KEY must be 32 bytes/);
    const key = randomBytes(32).toString('hex');
    const sealed = loadConfig({ ...base, NODE_ENV: 'production', SECRETS_KEY: key }).secretBox.seal('whsec_x', 'bank:1');
    expect(loadConfig({ ...base, SECRETS_KEY: key }).secretBox.open(sealed, 'bank:1')).toBe('whsec_x');
  });

  it('uses the development key outside production, the same in every process', () => {
    const sealed = loadConfig({ ...base, NODE_ENV: 'test' }).secretBox.seal('whsec_y');
    expect(loadConfig({ ...base }, {}).secretBox.open(sealed)).toBe('whsec_y');
  });

  it('reads the address rule and refuses a malformed range at start', () => {
    expect(loadConfig(base).outboundPolicy).toMatchObject({ allowPrivate: false, allowedCidrs: [] });
    expect(loadConfig({ ...base, WEBHOOK_ALLOW_PRIVATE: 'true' }).outboundPolicy.allowPrivate).toBe(true);
    expect(loadConfig({ ...base, WEBHOOK_ALLOWED_CIDRS: '10.20.0.0/16' }).outboundPolicy.allowedCidrs).toHaveLength(1);
    expect(() => loadConfig({ ...base, WEBHOOK_ALLOWED_CIDRS: '10.20.0.0/40' })).toThrow(/^Configuration error: WEBHOOK_ALLOWED_CIDRS/);
  });
});
