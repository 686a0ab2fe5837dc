/**
 * Control API for demos and tests (bound to 127.0.0.1 by default): register banks, inject
 * faults, read what was received and called back, reset.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseBankBody, parseFaultsPatch, SandboxInputError } from './config';
import type { SandboxContext } from './context';
import { readBody, sendJson } from './http-util';
import type { BankState } from './sandbox-state';

const CONTROL_BODY_LIMIT = 64 * 1024;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

interface RouteArgs {
  ctx: SandboxContext;
  req: IncomingMessage;
  res: ServerResponse;
  params: string[];
  query: URLSearchParams;
  logFields: Record<string, unknown>;
}

interface Route {
  method: string;
  pattern: RegExp;
  handle(args: RouteArgs): Promise<void> | void;
}

async function readJson(req: IncomingMessage, required: boolean): Promise<unknown> {
  const text = await readBody(req, CONTROL_BODY_LIMIT).catch(() => {
    throw new HttpError(413, 'too_large', `control bodies are limited to ${CONTROL_BODY_LIMIT} bytes`);
  });
  if (text.trim() === '') {
    if (required) throw new HttpError(400, 'malformed_json', 'a JSON body is required');
    return {};
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'malformed_json', 'body is not valid JSON');
  }
}

/** Rejects query parameters other than `allowed` (a typo would otherwise silently match everything). */
function filters(query: URLSearchParams, allowed: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of query) {
    if (!allowed.includes(k)) throw new HttpError(400, 'unknown_filter', `unknown query parameter ${k}; allowed: ${allowed.join(', ')}`);
    if (v !== '') out[k] = v;
  }
  return out;
}

function bankOr404(ctx: SandboxContext, code: string): BankState {
  const bank = ctx.state.getBank(code);
  if (!bank) throw new HttpError(404, 'unknown_bank', `no simulated bank with code ${code}`);
  return bank;
}

const BANK = '/control/banks/([^/]+)';

const routes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/health$/,
    handle: ({ res }) => sendJson(res, 200, { status: 'ok' }),
  },
  {
    method: 'GET',
    pattern: /^\/control\/banks$/,
    handle: ({ ctx, res }) => sendJson(res, 200, [...ctx.state.banks.values()].map((b) => ctx.state.view(b, ctx.url()))),
  },
  {
    method: 'GET',
    pattern: new RegExp(`^${BANK}$`),
    handle: ({ ctx, res, params }) => sendJson(res, 200, ctx.state.view(bankOr404(ctx, params[0]), ctx.url())),
  },
  {
    method: 'PUT',
    pattern: new RegExp(`^${BANK}$`),
    handle: async ({ ctx, req, res, params, logFields }) => {
      const config = parseBankBody(params[0], await readJson(req, true));
      const { bank, created } = ctx.state.upsertBank(config);
      logFields.bankCode = bank.code;
      sendJson(res, created ? 201 : 200, ctx.state.view(bank, ctx.url()));
    },
  },
  {
    method: 'DELETE',
    pattern: new RegExp(`^${BANK}$`),
    handle: ({ ctx, res, params }) => {
      if (!ctx.state.removeBank(params[0])) throw new HttpError(404, 'unknown_bank', `no simulated bank with code ${params[0]}`);
      sendJson(res, 200, { removed: true, code: params[0] });
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^${BANK}/stats$`),
    handle: ({ ctx, res, params }) => {
      const bank = bankOr404(ctx, params[0]);
      sendJson(res, 200, { bankCode: bank.code, ...bank.stats });
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^${BANK}/faults$`),
    handle: ({ ctx, res, params }) => sendJson(res, 200, ctx.state.view(bankOr404(ctx, params[0]), ctx.url()).faults),
  },
  {
    method: 'POST',
    pattern: new RegExp(`^${BANK}/faults$`),
    handle: async ({ ctx, req, res, params, logFields }) => {
      const bank = bankOr404(ctx, params[0]);
      const patch = parseFaultsPatch(await readJson(req, true));
      ctx.state.setFaults(bank, patch);
      logFields.bankCode = bank.code;
      logFields.faults = patch;
      sendJson(res, 200, ctx.state.view(bank, ctx.url()).faults);
    },
  },
  {
    method: 'DELETE',
    pattern: new RegExp(`^${BANK}/faults$`),
    handle: ({ ctx, res, params }) => {
      const bank = bankOr404(ctx, params[0]);
      ctx.state.clearFaults(bank);
      sendJson(res, 200, ctx.state.view(bank, ctx.url()).faults);
    },
  },
  {
    method: 'GET',
    pattern: /^\/control\/deliveries$/,
    handle: ({ ctx, res, query }) => sendJson(res, 200, ctx.state.queryDeliveries(filters(query, ['bankCode', 'type', 'webhookId', 'outcome']))),
  },
  {
    method: 'GET',
    pattern: /^\/control\/callbacks$/,
    handle: ({ ctx, res, query }) => sendJson(res, 200, ctx.state.queryCallbacks(filters(query, ['bankCode', 'type', 'status']))),
  },
  {
    method: 'POST',
    pattern: /^\/control\/reset$/,
    handle: async ({ ctx, req, res }) => {
      await readJson(req, false);
      ctx.reset();
      sendJson(res, 200, { reset: true });
    },
  },
];

/** Routes a non-webhook request. Unknown path → 404; known path, wrong method → 405 with `Allow`. */
export async function handleControl(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  logFields: Record<string, unknown>,
): Promise<void> {
  const allowed: string[] = [];
  try {
    for (const route of routes) {
      const m = route.pattern.exec(url.pathname);
      if (!m) continue;
      if (route.method !== req.method) {
        allowed.push(route.method);
        continue;
      }
      let params: string[];
      try {
        params = m.slice(1).map((p) => decodeURIComponent(p));
      } catch {
        throw new HttpError(400, 'bad_path', 'path is not valid percent-encoding');
      }
      await route.handle({ ctx, req, res, params, query: url.searchParams, logFields });
      return;
    }
    if (allowed.length) {
      throw new HttpError(405, 'method_not_allowed', `${req.method} is not allowed here`, { allow: allowed });
    }
    throw new HttpError(404, 'not_found', `no route for ${req.method} ${url.pathname}`);
  } catch (e) {
    if (e instanceof SandboxInputError) {
      sendJson(res, 400, { error: 'invalid_request', message: e.message, errors: e.errors });
    } else if (e instanceof HttpError) {
      const headers: Record<string, string> = e.status === 405 ? { allow: allowed.join(', ') } : {};
      sendJson(res, e.status, { error: e.error, message: e.message, ...e.extra }, headers);
    } else {
      throw e;
    }
  }
}
