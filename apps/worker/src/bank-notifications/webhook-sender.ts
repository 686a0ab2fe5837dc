import { buildWebhookHeaders } from '@sentinel/domain';

export interface WebhookDelivery {
  url: string;
  /** The notification id: `webhook-id`, the bank's dedupe key. */
  id: string;
  /** Exactly the bytes sent and signed. */
  body: string;
  /** Current secret first, then the previous one during a rotation (one `v1,` signature each). */
  secrets: string[];
  timeoutMs: number;
  /** Aborts the request early (graceful shutdown that ran out of time). */
  signal?: AbortSignal;
}

export interface WebhookAttemptResult {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  startedAt: Date;
  durationMs: number;
}

const USER_AGENT = 'Sentinel-SN-Worker/1.0 (+standard-webhooks)';
const MAX_BODY_SNIPPET = 200;

/**
 * One signed POST (docs/api.md "Banks and notifications", Standard Webhooks): `webhook-id`, `webhook-timestamp` (unix
 * seconds at send time), `webhook-signature` (`v1,<b64>` per secret), `content-type: application/json`. 2xx is
 * delivered; anything else — another status, a redirect (not followed: the signed body must not travel elsewhere),
 * a timeout, a network error — is a failed attempt with a readable error. Never throws.
 */
export async function sendWebhook(d: WebhookDelivery): Promise<WebhookAttemptResult> {
  const startedAt = new Date();
  const t0 = performance.now();
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, d.timeoutMs);
  const onExternalAbort = () => controller.abort();
  d.signal?.addEventListener('abort', onExternalAbort, { once: true });
  const done = (ok: boolean, statusCode: number | null, error: string | null): WebhookAttemptResult => ({
    ok,
    statusCode,
    error,
    startedAt,
    durationMs: Math.round(performance.now() - t0),
  });
  try {
    let headers: Record<string, string>;
    try {
      headers = { ...buildWebhookHeaders({ id: d.id, timestamp: Math.floor(Date.now() / 1000), body: d.body, secrets: d.secrets }) };
    } catch (e) {
      return done(false, null, `cannot sign: ${(e as Error).message} (fix the bank's secret)`);
    }
    const res = await fetch(d.url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'user-agent': USER_AGENT },
      body: d.body,
      redirect: 'manual',
      signal: controller.signal,
    });
    const text = await res.text().catch(() => '');
    if (res.status >= 200 && res.status < 300) return done(true, res.status, null);
    const snippet = text.replace(/\s+/g, ' ').trim().slice(0, MAX_BODY_SNIPPET);
    return done(false, res.status, `HTTP ${res.status}${snippet ? `: ${snippet}` : ''}`);
  } catch (e) {
    if (timedOut) return done(false, null, `timeout after ${d.timeoutMs} ms`);
    if (controller.signal.aborted) return done(false, null, 'aborted: worker shutting down');
    return done(false, null, describeNetworkError(e));
  } finally {
    clearTimeout(timer);
    d.signal?.removeEventListener('abort', onExternalAbort);
  }
}

function describeNetworkError(e: unknown): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  const code = err.cause?.code;
  const msg = err.cause?.message ?? err.message;
  return `network error${code ? ` ${code}` : ''}: ${msg}`;
}
