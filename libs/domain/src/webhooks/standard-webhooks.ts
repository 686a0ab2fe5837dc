/**
 * Standard Webhooks (https://www.standardwebhooks.com) signing and verification (docs/api.md "Banks and
 * notifications"), with node:crypto only. Interoperable with the reference `standardwebhooks` package:
 * what we sign verifies with its `Webhook.verify`, what it signs verifies here.
 *
 * - Secret: `whsec_` + standard padded base64 of 24–64 random bytes; the HMAC key is the decoded bytes.
 * - Signed content: `${id}.${timestamp}.${body}` (UTF-8), HMAC-SHA256, standard padded base64;
 *   header value `v1,<sig>`; during a secret rotation one `v1,<sig>` per secret, space-separated
 *   (current secret first), any one valid passes.
 *
 * Decisions (the spec is silent on these):
 * - A malformed secret passed to sign or verify is a configuration bug, not client input: it throws
 *   (TypeError) instead of quietly failing every delivery or callback.
 * - Header names are matched case-insensitively. A header given as an array (several header lines) is read
 *   as its first value, except `webhook-signature`, whose values are joined with spaces (all count).
 * - `webhook-timestamp` must be plain decimal digits (stricter than the reference's parseInt); a timestamp
 *   more than `toleranceSeconds` (default 300) in the past OR in the future is `stale_timestamp`;
 *   exactly 300 s off still passes, as in the reference.
 * - Signatures are compared as their base64 text (like the reference), in constant time per candidate, so a
 *   differently-encoded but equal-bytes signature does not pass here when it would not pass there.
 * - Checks run in the reference's order: headers, timestamp, signature. Replay protection (remembering
 *   `webhook-id`) is the caller's job: it needs storage.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const WEBHOOK_SECRET_PREFIX = 'whsec_';
export const WEBHOOK_SECRET_MIN_BYTES = 24;
export const WEBHOOK_SECRET_MAX_BYTES = 64;
export const WEBHOOK_TOLERANCE_SECONDS = 300;

export type WebhookHeaderName = 'webhook-id' | 'webhook-timestamp' | 'webhook-signature';
export type WebhookHeaders = Record<WebhookHeaderName, string>;

export interface WebhookSignInput {
  /** The message id (our notification id); the receiver drops duplicates by it. */
  id: string;
  /** Unix seconds. */
  timestamp: number;
  /** The exact body bytes as sent (a string; JSON text). */
  body: string;
  /** Current secret first, then the previous one while a rotation's grace period lasts. */
  secrets: readonly string[];
}

export type WebhookVerifyFailure = 'missing_headers' | 'bad_timestamp' | 'stale_timestamp' | 'bad_signature';

export interface WebhookVerifyInput {
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** Every secret currently accepted (current and, during a rotation, previous). */
  secrets: readonly string[];
  nowSeconds: number;
  toleranceSeconds?: number;
}

export type WebhookVerifyResult =
  | { ok: true; id: string; timestamp: number }
  | { ok: false; reason: WebhookVerifyFailure };

const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const ID_RE = /^[\x21-\x7e]{1,256}$/; // visible ASCII: safe in an HTTP header and in "id.timestamp.body"
const TIMESTAMP_RE = /^\d{1,15}$/;

export function generateWebhookSecret(bytes = 32): string {
  if (!Number.isInteger(bytes) || bytes < WEBHOOK_SECRET_MIN_BYTES || bytes > WEBHOOK_SECRET_MAX_BYTES) {
    throw new RangeError(`a webhook secret has ${WEBHOOK_SECRET_MIN_BYTES}–${WEBHOOK_SECRET_MAX_BYTES} bytes, got ${bytes}`);
  }
  return WEBHOOK_SECRET_PREFIX + randomBytes(bytes).toString('base64');
}

/** The HMAC key of a secret, or null when it is not `whsec_` + canonical base64 of 24–64 bytes. */
function secretKey(secret: unknown): Buffer | null {
  if (typeof secret !== 'string' || !secret.startsWith(WEBHOOK_SECRET_PREFIX)) return null;
  const b64 = secret.slice(WEBHOOK_SECRET_PREFIX.length);
  if (!BASE64_RE.test(b64)) return null;
  const key = Buffer.from(b64, 'base64');
  if (key.length < WEBHOOK_SECRET_MIN_BYTES || key.length > WEBHOOK_SECRET_MAX_BYTES) return null;
  return key.toString('base64') === b64 ? key : null;
}

export function isValidWebhookSecret(s: unknown): boolean {
  return secretKey(s) !== null;
}

function keysOf(secrets: readonly string[]): Buffer[] {
  if (!Array.isArray(secrets) || secrets.length === 0) throw new TypeError('at least one webhook secret is required');
  const seen = new Set<string>();
  const keys: Buffer[] = [];
  secrets.forEach((s, i) => {
    const key = secretKey(s);
    if (!key) throw new TypeError(`webhook secret #${i} is not whsec_ + base64 of 24–64 bytes`);
    const hex = key.toString('hex');
    if (!seen.has(hex)) keys.push(key);
    seen.add(hex);
  });
  return keys;
}

function signatureOf(key: Buffer, id: string, timestamp: number, body: string): string {
  return createHmac('sha256', key).update(`${id}.${timestamp}.${body}`, 'utf8').digest('base64');
}

function checkSignInput(id: string, timestamp: number, body: string): void {
  if (typeof id !== 'string' || !ID_RE.test(id)) throw new TypeError('webhook id must be 1–256 visible ASCII characters');
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new TypeError('webhook timestamp must be whole unix seconds');
  if (typeof body !== 'string') throw new TypeError('webhook body must be a string');
}

/** `v1,<b64>` per distinct secret, space-separated, in the order given. */
export function signWebhook(input: WebhookSignInput): string {
  const { id, timestamp, body } = input;
  checkSignInput(id, timestamp, body);
  return keysOf(input.secrets)
    .map((key) => `v1,${signatureOf(key, id, timestamp, body)}`)
    .join(' ');
}

export function buildWebhookHeaders(input: WebhookSignInput): WebhookHeaders {
  return {
    'webhook-id': input.id,
    'webhook-timestamp': String(input.timestamp),
    'webhook-signature': signWebhook(input),
  };
}

function header(headers: WebhookVerifyInput['headers'], name: WebhookHeaderName, joinAll = false): string | undefined {
  let value: string | string[] | undefined;
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (k.toLowerCase() === name) {
      value = v;
      break;
    }
  }
  if (Array.isArray(value)) value = joinAll ? value.join(' ') : value[0];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export function verifyWebhook(input: WebhookVerifyInput): WebhookVerifyResult {
  const tolerance = input.toleranceSeconds ?? WEBHOOK_TOLERANCE_SECONDS;
  const keys = keysOf(input.secrets);
  const id = header(input.headers, 'webhook-id');
  const ts = header(input.headers, 'webhook-timestamp');
  const sig = header(input.headers, 'webhook-signature', true);
  if (!id || !ts || !sig) return { ok: false, reason: 'missing_headers' };
  if (!TIMESTAMP_RE.test(ts)) return { ok: false, reason: 'bad_timestamp' };
  const timestamp = Number(ts);
  if (Math.abs(input.nowSeconds - timestamp) > tolerance) return { ok: false, reason: 'stale_timestamp' };
  if (typeof input.body !== 'string') return { ok: false, reason: 'bad_signature' };

  const expected = keys.map((key) => Buffer.from(signatureOf(key, id, timestamp, input.body), 'utf8'));
  let match = false;
  for (const token of sig.split(/\s+/)) {
    const comma = token.indexOf(',');
    if (comma < 0 || token.slice(0, comma) !== 'v1') continue;
    const given = Buffer.from(token.slice(comma + 1), 'utf8');
    for (const e of expected) {
      // Evaluate every candidate (no early exit) so timing does not tell which secret matched.
      if (given.length === e.length && timingSafeEqual(given, e)) match = true;
    }
  }
  return match ? { ok: true, id, timestamp } : { ok: false, reason: 'bad_signature' };
}
