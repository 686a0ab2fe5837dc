// Jest setup (jest.preset.js `setupFiles`): the environment every test process starts from, as `.ci/run` and
// `npm test` would otherwise have to set it. Webhooks in tests go to servers on loopback (the bank sandbox, local
// receivers), so private addresses are allowed (WEBHOOK_ALLOW_PRIVATE=true, docs/api.md "Banks and notifications");
// the suites about the address rule build their own strict policy. Secrets are sealed with the development key
// (SECRETS_KEY unset outside production).
process.env.WEBHOOK_ALLOW_PRIVATE ??= 'true';
