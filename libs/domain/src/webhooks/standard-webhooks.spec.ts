import { createHmac } from 'node:crypto';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import {
  buildWebhookHeaders,
  generateWebhookSecret,
  isValidWebhookSecret,
  signWebhook,
  verifyWebhook,
} from './standard-webhooks';

// Fixed secrets: 32 and 24 bytes (0x01… and 0x02…), plus the example secret of the Standard Webhooks spec.
const CURRENT = `whsec_${Buffer.alloc(32, 1).toString('base64')}`;
const PREVIOUS = `whsec_${Buffer.alloc(24, 2).toString('base64')}`;
const OTHER = `whsec_${Buffer.alloc(32, 3).toString('base64')}`;
const SPEC_EXAMPLE = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

const NOW = 1_773_162_000; // 2026-03-10T17:00:00Z
const ID = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W';
const BODY = JSON.stringify({ type: 'freeze.requested', caseReference: 'SNC-2026-000123', sn: 'AB12-34CD' });

describe(generateWebhookSecret.name, () => {
  it.each([24, 32, 64])('should generate whsec_ + base64 of %d random bytes', (bytes) => {
    const s = generateWebhookSecret(bytes);
    expect(s).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/);
    expect(Buffer.from(s.slice(6), 'base64')).toHaveLength(bytes);
    expect(isValidWebhookSecret(s)).toBe(true);
  });

  it('should default to 32 bytes and never repeat', () => {
    const a = generateWebhookSecret();
    expect(Buffer.from(a.slice(6), 'base64')).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(a);
  });

  it.each([0, 16, 23, 65, 32.5])('should refuse %d bytes', (bytes) => {
    expect(() => generateWebhookSecret(bytes)).toThrow(RangeError);
  });
});

describe(isValidWebhookSecret.name, () => {
  it.each([
    ['a 32-byte secret', CURRENT, true],
    ['a 24-byte secret', PREVIOUS, true],
    ['a 64-byte secret', `whsec_${Buffer.alloc(64, 9).toString('base64')}`, true],
    ['the spec example (24 bytes)', SPEC_EXAMPLE, true],
    ['23 bytes', `whsec_${Buffer.alloc(23, 1).toString('base64')}`, false],
    ['65 bytes', `whsec_${Buffer.alloc(65, 1).toString('base64')}`, false],
    ['no prefix', Buffer.alloc(32, 1).toString('base64'), false],
    ['a wrong prefix', `whsk_${Buffer.alloc(32, 1).toString('base64')}`, false],
    ['url-safe base64', `whsec_${Buffer.alloc(32, 0xfb).toString('base64url')}`, false],
    ['missing padding', CURRENT.replace(/=+$/, ''), false],
    ['not base64', 'whsec_not base64 at all!!!!!!!!!!!!!!!!', false],
    ['empty', '', false],
    ['not a string', 42, false],
  ])('should say %s → %s', (_label, s, ok) => {
    expect(isValidWebhookSecret(s)).toBe(ok);
  });
});

describe(signWebhook.name, () => {
  it('should sign "id.timestamp.body" with HMAC-SHA256 of the decoded secret, standard base64', () => {
    const expected = createHmac('sha256', Buffer.alloc(32, 1)).update(`${ID}.${NOW}.${BODY}`).digest('base64');
    expect(signWebhook({ id: ID, timestamp: NOW, body: BODY, secrets: [CURRENT] })).toBe(`v1,${expected}`);
  });

  it('should give one signature per secret, current first, space-separated', () => {
    const sig = signWebhook({ id: ID, timestamp: NOW, body: BODY, secrets: [CURRENT, PREVIOUS] });
    const parts = sig.split(' ');
    expect(parts).toHaveLength(2);
    expect(parts[0]).toBe(signWebhook({ id: ID, timestamp: NOW, body: BODY, secrets: [CURRENT] }));
    expect(parts[1]).toBe(signWebhook({ id: ID, timestamp: NOW, body: BODY, secrets: [PREVIOUS] }));
  });

  it('should sign a repeated secret once', () => {
    expect(signWebhook({ id: ID, timestamp: NOW, body: BODY, secrets: [CURRENT, CURRENT] }).split(' ')).toHaveLength(1);
  });

  it('should sign the UTF-8 bytes of the body', () => {
    const body = JSON.stringify({ merchantName: '上海某某商贸有限公司' });
    const expected = createHmac('sha256', Buffer.alloc(32, 1)).update(Buffer.from(`${ID}.${NOW}.${body}`, 'utf8')).digest('base64');
    expect(signWebhook({ id: ID, timestamp: NOW, body, secrets: [CURRENT] })).toBe(`v1,${expected}`);
  });

  it.each([
    ['no secrets', { id: ID, timestamp: NOW, body: BODY, secrets: [] }],
    ['an invalid secret', { id: ID, timestamp: NOW, body: BODY, secrets: ['whsec_short'] }],
    ['an empty id', { id: '', timestamp: NOW, body: BODY, secrets: [CURRENT] }],
    ['an id with a space', { id: 'a b', timestamp: NOW, body: BODY, secrets: [CURRENT] }],
    ['a fractional timestamp', { id: ID, timestamp: NOW + 0.5, body: BODY, secrets: [CURRENT] }],
    ['a negative timestamp', { id: ID, timestamp: -1, body: BODY, secrets: [CURRENT] }],
  ])('should refuse %s', (_label, input) => {
    expect(() => signWebhook(input)).toThrow(TypeError);
  });
});

describe(buildWebhookHeaders.name, () => {
  it('should build the three Standard Webhooks headers', () => {
    expect(buildWebhookHeaders({ id: ID, timestamp: NOW, body: BODY, secrets: [CURRENT, PREVIOUS] })).toEqual({
      'webhook-id': ID,
      'webhook-timestamp': String(NOW),
      'webhook-signature': signWebhook({ id: ID, timestamp: NOW, body: BODY, secrets: [CURRENT, PREVIOUS] }),
    });
  });
});

describe(verifyWebhook.name, () => {
  const headers = buildWebhookHeaders({ id: ID, timestamp: NOW, body: BODY, secrets: [CURRENT] });
  const rotating = buildWebhookHeaders({ id: ID, timestamp: NOW, body: BODY, secrets: [CURRENT, PREVIOUS] });
  const oldOnly = buildWebhookHeaders({ id: ID, timestamp: NOW, body: BODY, secrets: [PREVIOUS] });
  const ok = { ok: true, id: ID, timestamp: NOW };

  it.each<[string, Record<string, string | string[] | undefined>, string, string[], number, object]>([
    ['a round trip', headers, BODY, [CURRENT], NOW, ok],
    ['upper-case header names', { 'Webhook-Id': ID, 'WEBHOOK-TIMESTAMP': String(NOW), 'Webhook-Signature': headers['webhook-signature'] }, BODY, [CURRENT], NOW, ok],
    ['rotation: both signatures, receiver knows only the new secret', rotating, BODY, [CURRENT], NOW, ok],
    ['rotation: both signatures, receiver knows only the old secret', rotating, BODY, [PREVIOUS], NOW, ok],
    ['rotation: old signature, receiver accepts current and previous', oldOnly, BODY, [CURRENT, PREVIOUS], NOW, ok],
    ['rotation: old signature, receiver knows only the new secret', oldOnly, BODY, [CURRENT], NOW, { ok: false, reason: 'bad_signature' }],
    ['a wrong secret', headers, BODY, [OTHER], NOW, { ok: false, reason: 'bad_signature' }],
    ['a tampered body', headers, BODY.replace('000123', '000124'), [CURRENT], NOW, { ok: false, reason: 'bad_signature' }],
    ['a trailing newline added to the body', headers, `${BODY}\n`, [CURRENT], NOW, { ok: false, reason: 'bad_signature' }],
    ['another id', { ...headers, 'webhook-id': 'msg_other' }, BODY, [CURRENT], NOW, { ok: false, reason: 'bad_signature' }],
    ['another timestamp', { ...headers, 'webhook-timestamp': String(NOW + 1) }, BODY, [CURRENT], NOW, { ok: false, reason: 'bad_signature' }],
    ['an unknown version only', { ...headers, 'webhook-signature': headers['webhook-signature'].replace('v1,', 'v2,') }, BODY, [CURRENT], NOW, { ok: false, reason: 'bad_signature' }],
    ['a v1a (asymmetric) signature only', { ...headers, 'webhook-signature': 'v1a,AAAA' }, BODY, [CURRENT], NOW, { ok: false, reason: 'bad_signature' }],
    ['garbage next to a valid signature', { ...headers, 'webhook-signature': `v2,xyz nonsense ${headers['webhook-signature']}` }, BODY, [CURRENT], NOW, ok],
    ['a signature without padding', { ...headers, 'webhook-signature': headers['webhook-signature'].replace(/=+$/, '') }, BODY, [CURRENT], NOW, { ok: false, reason: 'bad_signature' }],
    ['a signature with trailing garbage', { ...headers, 'webhook-signature': `${headers['webhook-signature']}AA` }, BODY, [CURRENT], NOW, { ok: false, reason: 'bad_signature' }],
    ['signature headers given as an array', { ...headers, 'webhook-signature': ['v1,AAAA', headers['webhook-signature']] }, BODY, [CURRENT], NOW, ok],
    ['timestamp exactly 5 min old', headers, BODY, [CURRENT], NOW + 300, ok],
    ['timestamp exactly 5 min ahead', headers, BODY, [CURRENT], NOW - 300, ok],
    ['timestamp 5 min 1 s old', headers, BODY, [CURRENT], NOW + 301, { ok: false, reason: 'stale_timestamp' }],
    ['timestamp 5 min 1 s in the future', headers, BODY, [CURRENT], NOW - 301, { ok: false, reason: 'stale_timestamp' }],
    ['timestamp a day old', headers, BODY, [CURRENT], NOW + 86_400, { ok: false, reason: 'stale_timestamp' }],
    ['a timestamp in ms', { ...headers, 'webhook-timestamp': String(NOW * 1000) }, BODY, [CURRENT], NOW, { ok: false, reason: 'stale_timestamp' }],
    ['a non-numeric timestamp', { ...headers, 'webhook-timestamp': 'yesterday' }, BODY, [CURRENT], NOW, { ok: false, reason: 'bad_timestamp' }],
    ['an ISO timestamp', { ...headers, 'webhook-timestamp': '2026-03-10T17:00:00Z' }, BODY, [CURRENT], NOW, { ok: false, reason: 'bad_timestamp' }],
    ['a negative timestamp', { ...headers, 'webhook-timestamp': '-1' }, BODY, [CURRENT], NOW, { ok: false, reason: 'bad_timestamp' }],
    ['no webhook-id', { ...headers, 'webhook-id': undefined }, BODY, [CURRENT], NOW, { ok: false, reason: 'missing_headers' }],
    ['no webhook-timestamp', { ...headers, 'webhook-timestamp': undefined }, BODY, [CURRENT], NOW, { ok: false, reason: 'missing_headers' }],
    ['no webhook-signature', { ...headers, 'webhook-signature': undefined }, BODY, [CURRENT], NOW, { ok: false, reason: 'missing_headers' }],
    ['an empty webhook-signature', { ...headers, 'webhook-signature': '' }, BODY, [CURRENT], NOW, { ok: false, reason: 'missing_headers' }],
    ['no headers at all', {}, BODY, [CURRENT], NOW, { ok: false, reason: 'missing_headers' }],
  ])('should handle %s', (_label, h, body, secrets, nowSeconds, expected) => {
    expect(verifyWebhook({ headers: h, body, secrets, nowSeconds })).toEqual(expected);
  });

  it('should honour a custom tolerance', () => {
    expect(verifyWebhook({ headers, body: BODY, secrets: [CURRENT], nowSeconds: NOW + 61, toleranceSeconds: 60 })).toEqual({
      ok: false,
      reason: 'stale_timestamp',
    });
    expect(verifyWebhook({ headers, body: BODY, secrets: [CURRENT], nowSeconds: NOW + 60, toleranceSeconds: 60 })).toEqual(ok);
  });

  it('should throw on a misconfigured secret list rather than fail every callback quietly', () => {
    expect(() => verifyWebhook({ headers, body: BODY, secrets: [], nowSeconds: NOW })).toThrow(TypeError);
    expect(() => verifyWebhook({ headers, body: BODY, secrets: ['whsec_bad'], nowSeconds: NOW })).toThrow(TypeError);
  });
});

describe('interoperability with the reference standardwebhooks package', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: NOW * 1000 }); // its verify() reads Date.now()
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it.each([CURRENT, PREVIOUS, SPEC_EXAMPLE])('should produce signatures its Webhook.verify accepts (%s)', (secret) => {
    const h = buildWebhookHeaders({ id: ID, timestamp: NOW, body: BODY, secrets: [secret] });
    expect(new Webhook(secret).verify(BODY, h)).toEqual(JSON.parse(BODY));
  });

  it('should produce rotation headers it accepts with either secret', () => {
    const h = buildWebhookHeaders({ id: ID, timestamp: NOW, body: BODY, secrets: [CURRENT, PREVIOUS] });
    expect(new Webhook(CURRENT).verify(BODY, h)).toEqual(JSON.parse(BODY));
    expect(new Webhook(PREVIOUS).verify(BODY, h)).toEqual(JSON.parse(BODY));
    expect(() => new Webhook(OTHER).verify(BODY, h)).toThrow(WebhookVerificationError);
  });

  it('should make it refuse what we would refuse: a tampered body', () => {
    const h = buildWebhookHeaders({ id: ID, timestamp: NOW, body: BODY, secrets: [CURRENT] });
    expect(() => new Webhook(CURRENT).verify(`${BODY} `, h)).toThrow(WebhookVerificationError);
  });

  it.each([CURRENT, PREVIOUS, SPEC_EXAMPLE])('should accept what its sign() produces (%s)', (secret) => {
    const signature = new Webhook(secret).sign(ID, new Date(NOW * 1000), BODY);
    expect(signature).toBe(signWebhook({ id: ID, timestamp: NOW, body: BODY, secrets: [secret] }));
    const result = verifyWebhook({
      headers: { 'webhook-id': ID, 'webhook-timestamp': String(NOW), 'webhook-signature': signature },
      body: BODY,
      secrets: [secret],
      nowSeconds: NOW,
    });
    expect(result).toEqual({ ok: true, id: ID, timestamp: NOW });
  });

  it('should agree on a UTF-8 body', () => {
    const body = JSON.stringify({ merchantName: '上海某某商贸有限公司', note: 'é ✓' });
    const signature = new Webhook(CURRENT).sign(ID, new Date(NOW * 1000), body);
    expect(signWebhook({ id: ID, timestamp: NOW, body, secrets: [CURRENT] })).toBe(signature);
  });

  it('should agree with a generated secret', () => {
    const secret = generateWebhookSecret();
    const h = buildWebhookHeaders({ id: ID, timestamp: NOW, body: BODY, secrets: [secret] });
    expect(new Webhook(secret).verify(BODY, h)).toEqual(JSON.parse(BODY));
  });
});
