import { STATUS_CODES } from 'node:http';
import { Agent, request, type Dispatcher } from 'undici';
import { ADDRESS_NOT_ALLOWED, checkOutboundUrl, type OutboundPolicy } from './address-rule';
import { guardedLookup, systemResolver, type Resolver } from './guarded-lookup';

export interface OutboundRequest {
  url: string;
  headers: Record<string, string>;
  /** Exactly the bytes sent (and signed, for Standard Webhooks). */
  body: string;
  timeoutMs: number;
  /** Aborts early (e.g. a worker shutting down). */
  signal?: AbortSignal;
  /** Read up to this many bytes of a 2xx reply into `reply` (chat robots answer 200 with an error code inside). */
  replyLimit?: number;
}

export interface OutboundResult {
  ok: boolean;
  statusCode: number | null;
  /** Status and a short reason — never the response body (it may hold anything the far end chose to say). */
  error: string | null;
  startedAt: Date;
  durationMs: number;
  /** The start of a 2xx reply when `replyLimit` asked for it (for the caller to read a status code, never to log). */
  reply?: string;
}

export interface OutboundClient {
  post(req: OutboundRequest): Promise<OutboundResult>;
  close(): Promise<void>;
}

/**
 * A client for every webhook the product calls. Each request is checked by the address rule twice: the URL
 * before anything is sent, and the address of every connection as it is made ({@link guardedLookup}). 2xx is
 * delivered; anything else — another status, a redirect (never followed: a signed body must not travel
 * elsewhere), a refused address, a timeout, a network error — is a failed attempt with a one-line reason.
 * `post` never throws. `resolver` is for tests that must prove a refusal without any traffic.
 */
export function outboundClient(policy: OutboundPolicy, opts: { resolver?: Resolver; userAgent?: string } = {}): OutboundClient {
  const dispatcher: Dispatcher = new Agent({
    connect: { lookup: guardedLookup(policy, opts.resolver ?? systemResolver) },
    keepAliveTimeout: 10_000,
  });
  const userAgent = opts.userAgent ?? 'Sentinel-SN/1.0';
  return {
    async post(req) {
      const startedAt = new Date();
      const t0 = performance.now();
      const done = (ok: boolean, statusCode: number | null, error: string | null, reply?: string): OutboundResult => ({
        ok,
        statusCode,
        error,
        startedAt,
        durationMs: Math.round(performance.now() - t0),
        ...(reply !== undefined ? { reply } : {}),
      });
      const verdict = checkOutboundUrl(req.url, policy);
      if (!verdict.ok) return done(false, null, verdict.reason);
      const timeout = AbortSignal.timeout(req.timeoutMs);
      const signal = req.signal ? AbortSignal.any([timeout, req.signal]) : timeout;
      try {
        const res = await request(req.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': userAgent, ...req.headers },
          body: req.body,
          dispatcher,
          signal,
        });
        const ok = res.statusCode >= 200 && res.statusCode < 300;
        if (ok && req.replyLimit) return done(true, res.statusCode, null, await readStart(res.body, req.replyLimit));
        await res.body.dump().catch(() => undefined);
        if (ok) return done(true, res.statusCode, null);
        return done(false, res.statusCode, `HTTP ${res.statusCode} ${STATUS_CODES[res.statusCode] ?? ''}`.trim());
      } catch (e) {
        if (timeout.aborted) return done(false, null, `timeout after ${req.timeoutMs} ms`);
        if (req.signal?.aborted) return done(false, null, 'aborted: shutting down');
        return done(false, null, describeError(e));
      }
    },
    close: () => dispatcher.close(),
  };
}

/** The first `limit` bytes of a reply as text; the rest is discarded. */
async function readStart(body: Dispatcher.ResponseData['body'], limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    chunks.push(b);
    size += b.length;
    if (size >= limit) break;
  }
  await body.dump().catch(() => undefined);
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}

function describeError(e: unknown): string {
  const err = e as Error & { code?: string; cause?: { code?: string; message?: string } };
  const code = err.code ?? err.cause?.code;
  if (code === 'OUTBOUND_ADDRESS_NOT_ALLOWED' || err.message === ADDRESS_NOT_ALLOWED) return ADDRESS_NOT_ALLOWED;
  const known: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ENOTFOUND: 'host not found',
    EAI_AGAIN: 'host not found (DNS temporarily failing)',
    ECONNRESET: 'connection reset',
    UND_ERR_SOCKET: 'connection closed by the far end',
    UND_ERR_CONNECT_TIMEOUT: 'connect timeout',
    CERT_HAS_EXPIRED: 'TLS certificate expired',
    DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS certificate self-signed',
    ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate does not match the host',
  };
  if (code && known[code]) return known[code];
  return (code ? `${code}` : 'network error').slice(0, 120);
}
