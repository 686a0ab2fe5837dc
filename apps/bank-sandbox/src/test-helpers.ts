/** Test helpers (used by the specs only): secrets, signing, a fake Sentinel API, polling. */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export function newSecret(bytes = 32): string {
  return `whsec_${randomBytes(bytes).toString('base64')}`;
}

/** docs/api.md by hand: `v1,` + base64 HMAC-SHA256 of `id.timestamp.body`, key = decoded secret bytes. */
export function handSignature(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

export interface DeliverOptions {
  /** Each secret adds one signature (rotation sends several). */
  secrets: string[];
  id?: string;
  /** Unix seconds; default now. */
  timestamp?: number;
  /** Overrides the computed signature header. */
  signature?: string;
  signal?: AbortSignal;
}

export function notification(type: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type,
    notificationId: randomUUID(),
    caseId: randomUUID(),
    caseReference: 'SNC-2026-000123',
    bankCode: 'ICBC',
    sn: 'AB12CD34EF',
    terminalId: 'T0001',
    merchantId: 'M0001',
    merchantName: 'Test Merchant',
    misuseType: 'relocation',
    amountAtRisk: { minor: 1250000, currency: 'CNY' },
    requestedAt: new Date().toISOString(),
    scope: ['terminal', 'settlement'],
    ...overrides,
  };
}

/** POSTs a notification the way our worker does (Standard Webhooks, signed with the library). */
export async function deliver(
  baseUrl: string,
  bankCode: string,
  body: Record<string, unknown> | string,
  opts: DeliverOptions,
): Promise<{ status: number; json: any; id: string }> {
  const id = opts.id ?? (typeof body === 'object' && typeof body.notificationId === 'string' ? body.notificationId : randomUUID());
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const signature =
    opts.signature ?? opts.secrets.map((s) => new Webhook(s).sign(id, new Date(timestamp * 1000), text)).join(' ');
  const res = await fetch(`${baseUrl}/webhooks/${encodeURIComponent(bankCode)}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signature,
    },
    body: text,
    signal: opts.signal,
  });
  const raw = await res.text();
  return { status: res.status, json: raw ? JSON.parse(raw) : undefined, id };
}

export async function control(baseUrl: string, method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; json: any; headers: Headers }> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const raw = await res.text();
  return { status: res.status, json: raw ? JSON.parse(raw) : undefined, headers: res.headers };
}

export interface ReceivedCallback {
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  body: any;
}

/** Stands in for `POST /api/bank-callbacks/:code`: records requests, answers the queued statuses (then 200). */
export interface FakeApi {
  url: string;
  received: ReceivedCallback[];
  /** Statuses for the next requests, in order. */
  respondWith: number[];
  close(): Promise<void>;
}

export async function startFakeApi(): Promise<FakeApi> {
  const received: ReceivedCallback[] = [];
  const respondWith: number[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
      received.push({ path: req.url ?? '', headers: req.headers, raw, body });
      const status = respondWith.shift() ?? 200;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(status < 300 ? { applied: true } : { code: 'TEST', status }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    respondWith,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Polls `check` until it returns a truthy value (or throws after `timeoutMs`). */
export async function waitFor<T>(check: () => T | undefined | null | false, timeoutMs = 3000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
