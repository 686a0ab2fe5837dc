/**
 * Standard Webhooks signing and verification through the reference `standardwebhooks` library
 * (`v1,` + base64 HMAC-SHA256 of `id.timestamp.body`, key = the decoded `whsec_` bytes;
 * several space-separated signatures allowed; timestamps more than 5 minutes off are refused).
 */
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

export interface VerifyResult {
  verified: boolean;
  /** Which of the bank's secrets matched. */
  verifiedWith: 'current' | 'previous' | null;
  /** Why verification failed (the library's message: missing headers, timestamp too old, no matching signature). */
  error: string | null;
}

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** Verifies a raw body against the bank's current secret, then its previous one. */
export function verifyDelivery(
  secrets: { current: string; previous: string | null },
  rawBody: string,
  headers: Record<string, string>,
): VerifyResult {
  let error: string | null = null;
  const candidates: Array<['current' | 'previous', string]> = [['current', secrets.current]];
  if (secrets.previous) candidates.push(['previous', secrets.previous]);
  for (const [which, secret] of candidates) {
    try {
      // jsonParse false: we only want the verdict; body parsing is done (and reported) separately.
      new Webhook(secret).verify(rawBody, headers, { jsonParse: false });
      return { verified: true, verifiedWith: which, error: null };
    } catch (e) {
      if (!(e instanceof WebhookVerificationError)) throw e;
      // Missing headers or a bad timestamp fail the same way for every secret: report the first reason.
      error ??= e.message;
    }
  }
  return { verified: false, verifiedWith: null, error };
}

/** Headers for an outgoing, signed request (the timestamp is `at`, in unix seconds). */
export function signedHeaders(secret: string, webhookId: string, body: string, at: Date): SignedHeaders {
  return {
    'webhook-id': webhookId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(webhookId, at, body),
  };
}
