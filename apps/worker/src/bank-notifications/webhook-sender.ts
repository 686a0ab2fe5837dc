import { buildWebhookHeaders } from '@sentinel/domain';
import { outboundClient, type OutboundClient, type OutboundPolicy, type OutboundResult, type Resolver } from '@sentinel/outbound';

export interface WebhookDelivery {
  url: string;
  /** The notification id: `webhook-id`, the bank's dedupe key. */
  id: string;
  /** Exactly the bytes sent and signed. */
  body: string;
  /** Current secret first, then the previous one during a rotation (one `v1,` signature each), opened. */
  secrets: string[];
  timeoutMs: number;
  /** Aborts the request early (graceful shutdown that ran out of time). */
  signal?: AbortSignal;
}

export type WebhookAttemptResult = OutboundResult;

const USER_AGENT = 'Sentinel-SN-Worker/1.0 (+standard-webhooks)';

/**
 * Signed POSTs to banks (docs/api.md "Banks and notifications", Standard Webhooks): `webhook-id`, `webhook-timestamp`
 * (unix seconds at send time), `webhook-signature` (`v1,<b64>` per secret), `content-type: application/json`, sent
 * through the outbound client of libs/outbound: the address rule is checked on the URL and on every connection's
 * resolved address (a refusal is the error "address not allowed", nothing sent); 2xx is delivered; anything else —
 * another status, a redirect (not followed), a timeout, a network error — is a failed attempt whose error keeps the
 * status and a short reason, never the answer's body. Never throws.
 */
export class WebhookSender {
  private readonly client: OutboundClient;

  constructor(policy: OutboundPolicy, resolver?: Resolver) {
    this.client = outboundClient(policy, { resolver, userAgent: USER_AGENT });
  }

  async send(d: WebhookDelivery): Promise<WebhookAttemptResult> {
    let headers: Record<string, string>;
    try {
      headers = { ...buildWebhookHeaders({ id: d.id, timestamp: Math.floor(Date.now() / 1000), body: d.body, secrets: d.secrets }) };
    } catch (e) {
      return { ok: false, statusCode: null, error: `cannot sign: ${(e as Error).message} (fix the bank's secret)`, startedAt: new Date(), durationMs: 0 };
    }
    return this.client.post({ url: d.url, headers, body: d.body, timeoutMs: d.timeoutMs, signal: d.signal });
  }

  /** Closes the kept-alive connections (shutdown). */
  close(): Promise<void> {
    return this.client.close();
  }
}
