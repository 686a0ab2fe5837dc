import { loadWorkerConfig } from './worker-config';

describe('loadWorkerConfig: secrets key and the webhook address rule', () => {
  const base = { DATABASE_URL: 'postgres://x@127.0.0.1/x', NODE_ENV: 'test' };

  it('refuses to start in production without SECRETS_KEY', () => {
    expect(() => loadWorkerConfig({ ...base, NODE_ENV: 'production' })).toThrow(/^Configuration error: SECRETS_KEY is required in production/);
    expect(loadWorkerConfig({ ...base, NODE_ENV: 'production', SECRETS_KEY: 'ab'.repeat(32) }).secretBox).toBeDefined();
  });

  it('checks every connection by the rule from the environment', () => {
    expect(loadWorkerConfig(base).outboundPolicy.allowPrivate).toBe(false);
    expect(loadWorkerConfig({ ...base, WEBHOOK_ALLOW_PRIVATE: 'true' }).outboundPolicy.allowPrivate).toBe(true);
    expect(() => loadWorkerConfig({ ...base, WEBHOOK_ALLOWED_CIDRS: 'nope' })).toThrow(/WEBHOOK_ALLOWED_CIDRS/);
  });
});
