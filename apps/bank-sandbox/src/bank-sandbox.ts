/**
 * The simulated acquiring bank as a library: `startBankSandbox(options)` starts the HTTP
 * server and returns its URL, its in-memory state and a graceful `close()`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { CallbackSender } from './callback-sender';
import { resolveOptions, type SandboxOptions } from './config';
import type { SandboxContext } from './context';
import { handleControl } from './control.handler';
import { sendJson } from './http-util';
import { createLogger } from './logger';
import { SandboxState } from './sandbox-state';
import { handleWebhook } from './webhooks.handler';

export interface BankSandbox {
  /** Base URL, e.g. `http://127.0.0.1:4010`. A bank's webhook URL is `${url}/webhooks/${code}`. */
  url: string;
  port: number;
  state: SandboxState;
  /** Same as `POST /control/reset`. */
  reset(): void;
  /** Stops listening, cancels pending callbacks, destroys held sockets. Idempotent. */
  close(): Promise<void>;
}

/** How long close() lets ordinary in-flight requests finish before cutting connections. */
const CLOSE_GRACE_MS = 1000;
const WEBHOOK_PATH = /^\/webhooks\/([^/]+)$/;

export async function startBankSandbox(opts: SandboxOptions = {}): Promise<BankSandbox> {
  const options = resolveOptions(opts);
  const log = createLogger(options);
  const state = new SandboxState(options.apiUrl, options.maxRecords);
  for (const bank of options.banks) state.upsertBank(bank);
  const callbacks = new CallbackSender(state, options, log);

  const held = new Set<ServerResponse>();
  const timers = new Set<NodeJS.Timeout>();
  let baseUrl = '';

  const dropHeld = () => {
    for (const t of timers) clearTimeout(t);
    timers.clear();
    for (const res of held) res.destroy();
    held.clear();
  };

  const ctx: SandboxContext = {
    options,
    state,
    callbacks,
    log,
    url: () => baseUrl,
    hold(res) {
      held.add(res);
      res.on('close', () => held.delete(res));
    },
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          timers.delete(t);
          resolve();
        }, ms);
        timers.add(t);
      }),
    reset() {
      callbacks.cancelAll();
      dropHeld();
      state.reset();
    },
  };

  const server = createServer((req, res) => void handle(ctx, req, res));
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = ['0.0.0.0', '::', ''].includes(options.host) ? '127.0.0.1' : options.host;
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log({ msg: 'listening', url: baseUrl, banks: [...state.banks.keys()], apiUrl: options.apiUrl });

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= new Promise<void>((resolve) => {
      const cancelledCallbacks = callbacks.pending;
      const droppedRequests = held.size;
      callbacks.cancelAll();
      dropHeld();
      const force = setTimeout(() => {
        for (const s of sockets) s.destroy();
      }, CLOSE_GRACE_MS);
      server.close(() => {
        clearTimeout(force);
        log({ msg: 'closed', cancelledCallbacks, droppedRequests });
        resolve();
      });
      server.closeIdleConnections();
    }));

  return { url: baseUrl, port, state, reset: ctx.reset, close };
}

async function handle(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = process.hrtime.bigint();
  const logFields: Record<string, unknown> = {};
  const url = new URL(req.url ?? '/', 'http://sandbox.local');
  res.on('close', () => {
    ctx.log({
      msg: 'request',
      method: req.method,
      path: url.pathname,
      status: res.writableFinished ? res.statusCode : null,
      ...(res.writableFinished ? {} : { aborted: true }),
      durationMs: Number((process.hrtime.bigint() - started) / 1_000_000n),
      ...logFields,
    });
  });
  try {
    const webhook = WEBHOOK_PATH.exec(url.pathname);
    if (webhook) {
      if (req.method !== 'POST') {
        sendJson(res, 405, { error: 'method_not_allowed', message: 'webhooks are POST only' }, { allow: 'POST' });
        return;
      }
      let code: string;
      try {
        code = decodeURIComponent(webhook[1]);
      } catch {
        sendJson(res, 400, { error: 'bad_path', message: 'path is not valid percent-encoding' });
        return;
      }
      await handleWebhook(ctx, req, res, code, logFields);
      return;
    }
    if (url.pathname.startsWith('/control') && !controlAllowed(ctx.options.controlToken, req.headers.authorization)) {
      sendJson(res, 401, { error: 'unauthorized', message: 'the control API needs Authorization: Bearer <BANK_SANDBOX_CONTROL_TOKEN>' }, { 'www-authenticate': 'Bearer' });
      return;
    }
    await handleControl(ctx, req, res, url, logFields);
  } catch (e) {
    ctx.log({ msg: 'unhandled error', level: 'error', error: e instanceof Error ? e.stack : String(e) });
    sendJson(res, 500, { error: 'internal', message: 'bank sandbox failed; see its log' });
  }
}

/**
 * The control API (`/control/*`) needs the bearer token when one is configured; without one the sandbox only ever
 * listens on loopback (resolveOptions refuses anything else), so it is reachable from this machine only.
 */
function controlAllowed(token: string | undefined, header: string | undefined): boolean {
  if (!token) return true;
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (!m) return false;
  const digest = (v: string) => createHash('sha256').update(v, 'utf8').digest();
  return timingSafeEqual(digest(m[1]), digest(token));
}
