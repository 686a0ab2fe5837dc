import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { type BankSandbox, startBankSandbox } from './bank-sandbox';
import {
  control,
  deliver,
  type FakeApi,
  handSignature,
  newSecret,
  notification,
  sleep,
  startFakeApi,
  waitFor,
} from './test-helpers';

const CODE = 'ICBC';

describe('bank sandbox', () => {
  let api: FakeApi;
  let sandbox: BankSandbox;
  let secret: string;

  beforeEach(async () => {
    api = await startFakeApi();
    secret = newSecret();
    sandbox = await startBankSandbox({
      port: 0,
      quiet: true,
      apiUrl: api.url,
      callbackDelayMs: 10,
      callbackRetryDelaysMs: [10, 20, 30],
      callbackTimeoutMs: 1000,
      banks: [{ code: CODE, secret }],
    });
  });

  afterEach(async () => {
    await sandbox.close();
    await api.close();
  });

  const stats = async (code = CODE) => (await control(sandbox.url, 'GET', `/control/banks/${code}/stats`)).json;

  describe('receiving notifications', () => {
    it('should accept a delivery signed with the standardwebhooks library and record it', async () => {
      const body = notification('case.closed');
      const res = await deliver(sandbox.url, CODE, body, { secrets: [secret] });

      expect(res.status).toBe(200);
      expect(res.json).toEqual({ received: true, duplicate: false, webhookId: res.id });
      const [d] = (await control(sandbox.url, 'GET', `/control/deliveries?bankCode=${CODE}`)).json;
      expect(d).toMatchObject({
        bankCode: CODE,
        webhookId: res.id,
        type: 'case.closed',
        verified: true,
        verifiedWith: 'current',
        outcome: 'accepted',
        respondedStatus: 200,
        body,
      });
      expect(d.headers['webhook-id']).toBe(res.id);
      expect(d.receivedAt).toEqual(expect.any(String));
      expect(await stats()).toMatchObject({ received: 1, accepted: 1, duplicates: 0, failedByInjection: 0 });
    });

    it('should accept a hand-made HMAC signature as docs/api.md describes it', async () => {
      const body = JSON.stringify(notification('case.closed'));
      const id = randomUUID();
      const ts = Math.floor(Date.now() / 1000);

      const res = await deliver(sandbox.url, CODE, body, { secrets: [], id, timestamp: ts, signature: handSignature(secret, id, ts, body) });

      expect(res.status).toBe(200);
    });

    it('should answer 401 to a bad signature and not call back', async () => {
      const res = await deliver(sandbox.url, CODE, notification('freeze.requested'), { secrets: [newSecret()] });

      expect(res.status).toBe(401);
      expect(res.json.error).toBe('bad_signature');
      const [d] = sandbox.state.deliveries;
      expect(d).toMatchObject({ verified: false, outcome: 'bad_signature', respondedStatus: 401 });
      expect(d.verifyError).toMatch(/no matching signature/i);
      expect(await stats()).toMatchObject({ received: 1, accepted: 0, badSignature: 1 });
      await sleep(50);
      expect(sandbox.state.callbacks).toHaveLength(0);
      expect(api.received).toHaveLength(0);
    });

    it('should answer 401 to missing signature headers and to a stale timestamp', async () => {
      const missing = await fetch(`${sandbox.url}/webhooks/${CODE}`, { method: 'POST', body: '{"type":"case.closed"}' });
      const stale = await deliver(sandbox.url, CODE, notification('case.closed'), {
        secrets: [secret],
        timestamp: Math.floor(Date.now() / 1000) - 10 * 60,
      });

      expect(missing.status).toBe(401);
      expect(stale.status).toBe(401);
      expect(sandbox.state.deliveries.map((d) => d.verifyError)).toEqual([
        expect.stringMatching(/missing required headers/i),
        expect.stringMatching(/too old/i),
      ]);
    });

    it('should answer 404 for an unknown bank', async () => {
      const res = await deliver(sandbox.url, 'NOPE', notification('case.closed'), { secrets: [secret] });

      expect(res.status).toBe(404);
      expect(res.json.error).toBe('unknown_bank');
      expect(sandbox.state.deliveries[0]).toMatchObject({ bankCode: 'NOPE', outcome: 'unknown_bank', respondedStatus: 404 });
    });

    it('should answer 400 to a signed body that is not a JSON object with a type', async () => {
      const res = await deliver(sandbox.url, CODE, 'not json', { secrets: [secret] });

      expect(res.status).toBe(400);
      expect(sandbox.state.deliveries[0]).toMatchObject({ verified: true, outcome: 'bad_request', body: 'not json' });
    });

    it('should dedupe a redelivery of an accepted webhook-id and call back only once', async () => {
      const body = notification('freeze.requested');
      const first = await deliver(sandbox.url, CODE, body, { secrets: [secret] });
      const again = await deliver(sandbox.url, CODE, body, { secrets: [secret], id: first.id });

      expect(first.json.duplicate).toBe(false);
      expect(again.status).toBe(200);
      expect(again.json).toMatchObject({ duplicate: true });
      await waitFor(() => api.received.length === 1, 2000, 'callback');
      await sleep(50);
      expect(api.received).toHaveLength(1);
      expect(await stats()).toMatchObject({ received: 2, accepted: 1, duplicates: 1 });
      const deliveries = (await control(sandbox.url, 'GET', `/control/deliveries?outcome=duplicate`)).json;
      expect(deliveries).toHaveLength(1);
    });

    it('should filter recorded deliveries by bank and type', async () => {
      const other = newSecret();
      await control(sandbox.url, 'PUT', '/control/banks/BOC', { secret: other });
      await deliver(sandbox.url, CODE, notification('case.closed'), { secrets: [secret] });
      await deliver(sandbox.url, CODE, notification('unfreeze.requested'), { secrets: [secret] });
      await deliver(sandbox.url, 'BOC', notification('case.closed'), { secrets: [other] });

      const byType = (await control(sandbox.url, 'GET', '/control/deliveries?type=case.closed')).json;
      const byBankAndType = (await control(sandbox.url, 'GET', `/control/deliveries?bankCode=${CODE}&type=case.closed`)).json;

      expect(byType).toHaveLength(2);
      expect(byBankAndType).toHaveLength(1);
      expect(byBankAndType[0].bankCode).toBe(CODE);
    });
  });

  describe('callbacks', () => {
    it('should call back freeze.confirmed, signed with the bank secret and verifiable with standardwebhooks', async () => {
      const body = notification('freeze.requested');
      const res = await deliver(sandbox.url, CODE, body, { secrets: [secret] });

      const cb = await waitFor(() => api.received[0], 2000, 'callback');
      expect(cb.path).toBe(`/api/bank-callbacks/${CODE}`);
      const headers = {
        'webhook-id': String(cb.headers['webhook-id']),
        'webhook-timestamp': String(cb.headers['webhook-timestamp']),
        'webhook-signature': String(cb.headers['webhook-signature']),
      };
      expect(() => new Webhook(secret).verify(cb.raw, headers)).not.toThrow();
      expect(() => new Webhook(newSecret()).verify(cb.raw, headers)).toThrow();
      expect(headers['webhook-id']).toMatch(/^cb_[0-9a-f-]{36}$/);
      expect(Math.abs(Number(headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(5);
      expect(cb.body).toEqual({
        type: 'freeze.confirmed',
        notificationId: body.notificationId,
        caseReference: body.caseReference,
        bankReference: expect.stringMatching(/^ICBC-FRZ-[0-9A-F]{8}$/),
        at: expect.any(String),
      });
      expect(new Date(cb.body.at).toISOString()).toBe(cb.body.at);

      const [record] = await waitFor(() => {
        const list = sandbox.state.callbacks;
        return list[0]?.status === 'delivered' && list;
      });
      expect(record).toMatchObject({ id: headers['webhook-id'], triggeredBy: res.id, attempts: [{ status: 200 }] });
      expect(sandbox.state.deliveries[0].callbackId).toBe(record.id);
      expect(await stats()).toMatchObject({ callbacksScheduled: 1, callbacksDelivered: 1 });
    });

    it('should call back unfreeze.confirmed for unfreeze.requested and nothing for case.closed', async () => {
      await deliver(sandbox.url, CODE, notification('case.closed'), { secrets: [secret] });
      await deliver(sandbox.url, CODE, notification('unfreeze.requested'), { secrets: [secret] });

      const cb = await waitFor(() => api.received[0], 2000, 'callback');
      await sleep(50);
      expect(api.received).toHaveLength(1);
      expect(cb.body).toMatchObject({ type: 'unfreeze.confirmed', bankReference: expect.stringMatching(/^ICBC-UFZ-/) });
    });

    it('should call back freeze.rejected with the reason when rejectFreeze is on', async () => {
      const set = await control(sandbox.url, 'POST', `/control/banks/${CODE}/faults`, { rejectFreeze: { reason: 'Merchant unknown' } });
      expect(set.status).toBe(200);
      expect(set.json.rejectFreeze).toEqual({ reason: 'Merchant unknown' });
      const body = notification('freeze.requested');

      await deliver(sandbox.url, CODE, body, { secrets: [secret] });

      const cb = await waitFor(() => api.received[0], 2000, 'callback');
      expect(cb.body).toEqual({
        type: 'freeze.rejected',
        notificationId: body.notificationId,
        caseReference: body.caseReference,
        reason: 'Merchant unknown',
        at: expect.any(String),
      });
    });

    it('should use a default reason for rejectFreeze: true', async () => {
      await control(sandbox.url, 'POST', `/control/banks/${CODE}/faults`, { rejectFreeze: true });

      await deliver(sandbox.url, CODE, notification('freeze.requested'), { secrets: [secret] });

      const cb = await waitFor(() => api.received[0], 2000, 'callback');
      expect(cb.body).toMatchObject({ type: 'freeze.rejected', reason: expect.any(String) });
    });

    it('should retry a callback after 5xx with the same webhook-id', async () => {
      api.respondWith.push(500, 503);

      await deliver(sandbox.url, CODE, notification('freeze.requested'), { secrets: [secret] });

      const record = await waitFor(() => sandbox.state.callbacks.find((c) => c.status === 'delivered'), 3000, 'delivered callback');
      expect(record.attempts.map((a) => a.status)).toEqual([500, 503, 200]);
      expect(new Set(api.received.map((r) => r.headers['webhook-id']))).toEqual(new Set([record.id]));
      const listed = (await control(sandbox.url, 'GET', `/control/callbacks?bankCode=${CODE}`)).json;
      expect(listed).toHaveLength(1);
      expect(listed[0]).toMatchObject({ id: record.id, status: 'delivered' });
    });

    it('should give up after 3 retries and not retry a 4xx', async () => {
      api.respondWith.push(500, 500, 500, 500, 500, 422);

      await deliver(sandbox.url, CODE, notification('freeze.requested'), { secrets: [secret] });
      const failed = await waitFor(() => sandbox.state.callbacks.find((c) => c.status === 'failed'), 3000, 'failed callback');
      await deliver(sandbox.url, CODE, notification('freeze.requested'), { secrets: [secret] });
      const rejected = await waitFor(() => sandbox.state.callbacks.find((c) => c.status === 'rejected'), 3000, 'rejected callback');

      expect(failed.attempts).toHaveLength(4);
      // The fifth 500 went to the second callback's first attempt, then the 422 ended it.
      expect(rejected.attempts.map((a) => a.status)).toEqual([500, 422]);
      expect(rejected.attempts[1].responseBody).toContain('TEST');
      expect(await stats()).toMatchObject({ callbacksFailed: 1, callbacksRejected: 1 });
    });

    it('should record an unreachable API as failed attempts', async () => {
      await api.close();

      await deliver(sandbox.url, CODE, notification('freeze.requested'), { secrets: [secret] });

      const failed = await waitFor(() => sandbox.state.callbacks.find((c) => c.status === 'failed'), 3000, 'failed callback');
      expect(failed.attempts).toHaveLength(4);
      expect(failed.attempts.every((a) => a.status === null && a.error)).toBe(true);
    });

    it('should honour noCallback and a per-bank callbackDelayMs', async () => {
      await control(sandbox.url, 'POST', `/control/banks/${CODE}/faults`, { noCallback: true });
      await deliver(sandbox.url, CODE, notification('freeze.requested'), { secrets: [secret] });
      await sleep(60);
      expect(api.received).toHaveLength(0);

      await control(sandbox.url, 'POST', `/control/banks/${CODE}/faults`, { noCallback: false, callbackDelayMs: 300 });
      const sentAt = Date.now();
      await deliver(sandbox.url, CODE, notification('freeze.requested'), { secrets: [secret] });
      await waitFor(() => api.received.length === 1, 2000, 'callback');
      expect(Date.now() - sentAt).toBeGreaterThanOrEqual(280);
    });
  });

  describe('fault injection', () => {
    it('should fail the next 2 deliveries with 500 and accept the third (same webhook-id)', async () => {
      await control(sandbox.url, 'POST', `/control/banks/${CODE}/faults`, { failNext: 2 });
      const body = notification('freeze.requested');
      const id = String(body.notificationId);

      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await deliver(sandbox.url, CODE, body, { secrets: [secret], id })).status);

      expect(statuses).toEqual([500, 500, 200]);
      expect(sandbox.state.deliveries.map((d) => [d.outcome, d.fault])).toEqual([
        ['injected_failure', 'failNext'],
        ['injected_failure', 'failNext'],
        ['accepted', null],
      ]);
      expect(await stats()).toMatchObject({ received: 3, accepted: 1, duplicates: 0, failedByInjection: 2 });
      expect((await control(sandbox.url, 'GET', `/control/banks/${CODE}/faults`)).json.failNext).toBe(0);
      await waitFor(() => api.received.length === 1, 2000, 'callback');
    });

    it('should always fail with the configured status until the faults are cleared', async () => {
      await control(sandbox.url, 'POST', `/control/banks/${CODE}/faults`, { alwaysFail: true, failStatus: 503 });
      const body = notification('case.closed');

      const a = await deliver(sandbox.url, CODE, body, { secrets: [secret] });
      const b = await deliver(sandbox.url, CODE, body, { secrets: [secret], id: a.id });
      expect((await control(sandbox.url, 'DELETE', `/control/banks/${CODE}/faults`)).json.alwaysFail).toBe(false);
      const c = await deliver(sandbox.url, CODE, body, { secrets: [secret], id: a.id });

      expect([a.status, b.status, c.status]).toEqual([503, 503, 200]);
      expect(c.json.duplicate).toBe(false);
    });

    it('should delay the answer by slowMs', async () => {
      await control(sandbox.url, 'POST', `/control/banks/${CODE}/faults`, { slowMs: 200 });
      const started = Date.now();

      const res = await deliver(sandbox.url, CODE, notification('case.closed'), { secrets: [secret] });

      expect(res.status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    });

    it('should hold the socket on timeout until the client aborts, without accepting the id', async () => {
      await control(sandbox.url, 'POST', `/control/banks/${CODE}/faults`, { timeout: true });
      const body = notification('freeze.requested');
      const started = Date.now();

      await expect(deliver(sandbox.url, CODE, body, { secrets: [secret], signal: AbortSignal.timeout(300) })).rejects.toThrow();

      expect(Date.now() - started).toBeGreaterThanOrEqual(280);
      const held = await waitFor(() => sandbox.state.deliveries.find((d) => d.clientAbortedAt), 2000, 'abort recorded');
      expect(held).toMatchObject({ outcome: 'injected_timeout', fault: 'timeout', respondedStatus: null, verified: true });
      expect(await stats()).toMatchObject({ failedByInjection: 1, accepted: 0 });
      expect(sandbox.state.callbacks).toHaveLength(0);

      await control(sandbox.url, 'DELETE', `/control/banks/${CODE}/faults`);
      const retry = await deliver(sandbox.url, CODE, body, { secrets: [secret], id: String(body.notificationId) });
      expect(retry.status).toBe(200);
      expect(retry.json.duplicate).toBe(false);
    });
  });

  describe('secret rotation', () => {
    it('should accept a signature made with the previous secret and sign callbacks with the current one', async () => {
      const next = newSecret();
      const put = await control(sandbox.url, 'PUT', `/control/banks/${CODE}`, { secret: next, previousSecret: secret });
      expect(put.status).toBe(200);
      expect(put.json).toMatchObject({ code: CODE, secretHint: `whsec_…${next.slice(-4)}`, previousSecretHint: expect.any(String) });
      expect(JSON.stringify(put.json)).not.toContain(next);

      const oldOnly = await deliver(sandbox.url, CODE, notification('freeze.requested'), { secrets: [secret] });
      const both = await deliver(sandbox.url, CODE, notification('case.closed'), { secrets: [newSecret(), next] });

      expect(oldOnly.status).toBe(200);
      expect(both.status).toBe(200);
      expect(sandbox.state.deliveries.map((d) => d.verifiedWith)).toEqual(['previous', 'current']);
      const cb = await waitFor(() => api.received[0], 2000, 'callback');
      const headers = {
        'webhook-id': String(cb.headers['webhook-id']),
        'webhook-timestamp': String(cb.headers['webhook-timestamp']),
        'webhook-signature': String(cb.headers['webhook-signature']),
      };
      expect(() => new Webhook(next).verify(cb.raw, headers)).not.toThrow();
    });

    it('should stop accepting the old secret once it is no longer the previous one', async () => {
      await control(sandbox.url, 'PUT', `/control/banks/${CODE}`, { secret: newSecret() });

      const res = await deliver(sandbox.url, CODE, notification('case.closed'), { secrets: [secret] });

      expect(res.status).toBe(401);
    });
  });

  describe('control API', () => {
    it('should answer health', async () => {
      expect(await control(sandbox.url, 'GET', '/health')).toMatchObject({ status: 200, json: { status: 'ok' } });
    });

    it('should register a bank at runtime with a default callback URL and list it', async () => {
      const s = newSecret();
      const created = await control(sandbox.url, 'PUT', '/control/banks/CMB', { secret: s });
      const other = newSecret();
      const res = await deliver(sandbox.url, 'CMB', notification('case.closed'), { secrets: [s] });
      const list = (await control(sandbox.url, 'GET', '/control/banks')).json;

      expect(created.status).toBe(201);
      expect(created.json).toMatchObject({
        code: 'CMB',
        callbackUrl: `${api.url}/api/bank-callbacks/CMB`,
        webhookUrl: `${sandbox.url}/webhooks/CMB`,
      });
      expect(res.status).toBe(200);
      expect(list.map((b: { code: string }) => b.code)).toEqual([CODE, 'CMB']);
      expect(JSON.stringify(list)).not.toContain(s);
      expect(JSON.stringify(list)).not.toContain(other);
    });

    it('should send callbacks to a custom callbackUrl', async () => {
      await control(sandbox.url, 'PUT', `/control/banks/${CODE}`, { secret, callbackUrl: `${api.url}/custom/path` });

      await deliver(sandbox.url, CODE, notification('freeze.requested'), { secrets: [secret] });

      expect((await waitFor(() => api.received[0], 2000, 'callback')).path).toBe('/custom/path');
    });

    it('should reject invalid input with 400 and field errors', async () => {
      const badBank = await control(sandbox.url, 'PUT', '/control/banks/CMB', { secret: 'plain', previous_secret: 'x' });
      const badFaults = await control(sandbox.url, 'POST', `/control/banks/${CODE}/faults`, { failNext: -1, typo: true });
      const badJson = await control(sandbox.url, 'POST', `/control/banks/${CODE}/faults`, '{nope');
      const badFilter = await control(sandbox.url, 'GET', '/control/deliveries?bank=ICBC');

      expect(badBank.status).toBe(400);
      expect(badBank.json.errors).toEqual({ secret: expect.any(String), previous_secret: 'is not a known field' });
      expect(badFaults.status).toBe(400);
      expect(Object.keys(badFaults.json.errors).sort()).toEqual(['failNext', 'typo']);
      expect(badJson).toMatchObject({ status: 400, json: { error: 'malformed_json' } });
      expect(badFilter).toMatchObject({ status: 400, json: { error: 'unknown_filter' } });
    });

    it('should answer 404 for unknown banks and routes, 405 for wrong methods', async () => {
      expect((await control(sandbox.url, 'GET', '/control/banks/NOPE/stats')).status).toBe(404);
      expect((await control(sandbox.url, 'POST', '/control/banks/NOPE/faults', { failNext: 1 })).status).toBe(404);
      expect((await control(sandbox.url, 'GET', '/nowhere')).status).toBe(404);
      const wrong = await control(sandbox.url, 'GET', '/control/reset');
      expect(wrong.status).toBe(405);
      expect(wrong.headers.get('allow')).toBe('POST');
      expect((await control(sandbox.url, 'GET', `/webhooks/${CODE}`)).status).toBe(405);
    });

    it('should reset deliveries, callbacks, faults, counters and accepted ids', async () => {
      await control(sandbox.url, 'POST', `/control/banks/${CODE}/faults`, { callbackDelayMs: 5000, slowMs: 1 });
      const body = notification('freeze.requested');
      const first = await deliver(sandbox.url, CODE, body, { secrets: [secret] });
      expect(sandbox.state.callbacks[0].status).toBe('scheduled');

      const reset = await control(sandbox.url, 'POST', '/control/reset');

      expect(reset).toMatchObject({ status: 200, json: { reset: true } });
      expect((await control(sandbox.url, 'GET', '/control/deliveries')).json).toEqual([]);
      expect((await control(sandbox.url, 'GET', '/control/callbacks')).json).toEqual([]);
      expect((await control(sandbox.url, 'GET', `/control/banks/${CODE}/faults`)).json).toMatchObject({ slowMs: 0, callbackDelayMs: null });
      expect(await stats()).toMatchObject({ received: 0, accepted: 0, callbacksScheduled: 0 });
      const again = await deliver(sandbox.url, CODE, body, { secrets: [secret], id: first.id });
      expect(again.json.duplicate).toBe(false);
      // The cancelled callback never fires; only the new one (default 10 ms delay) does.
      await waitFor(() => api.received.length === 1, 2000, 'callback');
      await sleep(50);
      expect(api.received).toHaveLength(1);
      expect((await control(sandbox.url, 'GET', '/control/banks')).json).toHaveLength(1);
    });
  });

  describe('close', () => {
    it('should close promptly with a held request and a pending callback', async () => {
      await control(sandbox.url, 'POST', `/control/banks/${CODE}/faults`, { callbackDelayMs: 10_000 });
      await deliver(sandbox.url, CODE, notification('freeze.requested'), { secrets: [secret] });
      await control(sandbox.url, 'POST', `/control/banks/${CODE}/faults`, { timeout: true });
      const hanging = deliver(sandbox.url, CODE, notification('case.closed'), { secrets: [secret] });
      await waitFor(() => sandbox.state.deliveries.length === 2, 2000, 'held delivery');
      const started = Date.now();

      await sandbox.close();

      expect(Date.now() - started).toBeLessThan(500);
      await expect(hanging).rejects.toThrow();
      expect(sandbox.state.callbacks[0].status).toBe('cancelled');
      await expect(fetch(`${sandbox.url}/health`)).rejects.toThrow();
      await sandbox.close(); // idempotent
    });
  });
});

describe('bank sandbox control API protection', () => {
  const TOKEN = 'control-token-0123456789abcdef';

  it('needs the bearer token on /control/* when one is configured (webhooks and /health stay open)', async () => {
    const sandbox = await startBankSandbox({ port: 0, quiet: true, controlToken: TOKEN, banks: [{ code: CODE, secret: newSecret() }] });
    try {
      expect((await control(sandbox.url, 'GET', '/control/banks')).status).toBe(401);
      expect((await control(sandbox.url, 'GET', '/control/banks', undefined, 'wrong-token-0123456789')).status).toBe(401);
      const refused = await control(sandbox.url, 'PUT', `/control/banks/${CODE}`, { secret: newSecret() });
      expect(refused).toMatchObject({ status: 401, json: { error: 'unauthorized' } });
      expect(refused.headers.get('www-authenticate')).toBe('Bearer');
      expect((await control(sandbox.url, 'POST', '/control/reset')).status).toBe(401);
      expect(sandbox.state.banks.size).toBe(1);
      expect((await control(sandbox.url, 'GET', '/control/banks', undefined, TOKEN)).status).toBe(200);
      expect((await control(sandbox.url, 'GET', '/health')).status).toBe(200);
    } finally {
      await sandbox.close();
    }
  });

  it('refuses to listen beyond loopback without a token (fail fast, nothing bound)', async () => {
    await expect(startBankSandbox({ port: 0, quiet: true, host: '0.0.0.0' })).rejects.toThrow(/BANK_SANDBOX_CONTROL_TOKEN/);
    await expect(startBankSandbox({ port: 0, quiet: true, host: '::' })).rejects.toThrow(/BANK_SANDBOX_CONTROL_TOKEN/);
    await expect(startBankSandbox({ port: 0, quiet: true, host: '0.0.0.0', controlToken: 'short' })).rejects.toThrow(/at least 16/);
    const open = await startBankSandbox({ port: 0, quiet: true, host: '0.0.0.0', controlToken: TOKEN });
    try {
      expect((await control(open.url, 'GET', '/control/banks')).status).toBe(401);
      expect((await control(open.url, 'GET', '/control/banks', undefined, TOKEN)).status).toBe(200);
    } finally {
      await open.close();
    }
    // on loopback no token is needed (npm start, tests)
    const local = await startBankSandbox({ port: 0, quiet: true, host: '127.0.0.1' });
    try {
      expect((await control(local.url, 'GET', '/control/banks')).status).toBe(200);
    } finally {
      await local.close();
    }
  });
});
