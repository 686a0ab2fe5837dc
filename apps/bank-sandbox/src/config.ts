/**
 * Options, defaults and input validation for the bank sandbox (env, options and control-API bodies).
 * Everything here is pure: no I/O, no clock.
 */

export const DEFAULT_PORT = 4010;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_API_URL = 'http://127.0.0.1:3000';
export const DEFAULT_CALLBACK_DELAY_MS = 2000;
/** One entry per retry: up to 3 retries after the first callback attempt. */
export const DEFAULT_CALLBACK_RETRY_DELAYS_MS: readonly number[] = [500, 1000, 2000];
export const DEFAULT_CALLBACK_TIMEOUT_MS = 5000;
/** Most delivery / callback records kept in memory (oldest dropped first). */
export const DEFAULT_MAX_RECORDS = 5000;
export const DEFAULT_FAIL_STATUS = 500;
export const DEFAULT_REJECT_REASON = 'Terminal not found at this bank';
export const MAX_BODY_BYTES = 1024 * 1024;

const BANK_CODE_RE = /^[A-Za-z0-9_.-]{1,64}$/;
const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const SECRET_PREFIX = 'whsec_';

/** One simulated bank. `callbackUrl` defaults to `{apiUrl}/api/bank-callbacks/{code}`. */
export interface BankConfig {
  code: string;
  /** Standard Webhooks secret, `whsec_` + base64. */
  secret: string;
  /** Accepted too while our API rotates the secret. */
  previousSecret?: string | null;
  callbackUrl?: string;
}

export interface SandboxOptions {
  /** Default 4010; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1 (the control API is for local demos and tests only). */
  host?: string;
  banks?: BankConfig[];
  /** Our API's base URL, used for default callback URLs. Default http://127.0.0.1:3000. */
  apiUrl?: string;
  /** Delay between accepting a freeze/unfreeze request and calling back. Default 2000. */
  callbackDelayMs?: number;
  /** Waits before each callback retry (5xx or unreachable). Default [500, 1000, 2000]. */
  callbackRetryDelaysMs?: number[];
  /** Per callback attempt. Default 5000. */
  callbackTimeoutMs?: number;
  /** Most deliveries / callbacks kept in memory. Default 5000 each. */
  maxRecords?: number;
  /** No request logs on stdout. */
  quiet?: boolean;
  /** Replaces the stdout JSON logger (tests, launcher). */
  log?: (entry: Record<string, unknown>) => void;
  /**
   * `BANK_SANDBOX_CONTROL_TOKEN`: when set, every `/control/*` request needs `Authorization: Bearer <token>`.
   * Required when `host` is not a loopback address (the control API sets secrets and injects faults).
   */
  controlToken?: string;
}

export type ResolvedOptions = Required<Omit<SandboxOptions, 'log' | 'controlToken'>> & Pick<SandboxOptions, 'log' | 'controlToken'>;

/** 127.0.0.0/8, ::1 and localhost: reachable from this machine only. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Fault injection for one bank, as stored. */
export interface BankFaults {
  /** The next N deliveries answer `failStatus`. */
  failNext: number;
  alwaysFail: boolean;
  failStatus: number;
  /** Delay before answering any delivery. */
  slowMs: number;
  /** Never answer: hold the socket until the client gives up. */
  timeout: boolean;
  /** Call back `freeze.rejected` with this reason instead of `freeze.confirmed`. */
  rejectFreeze: { reason: string } | null;
  /** Overrides the sandbox's callback delay for this bank. */
  callbackDelayMs: number | null;
  /** Accept deliveries but never call back. */
  noCallback: boolean;
}

/** Body of `POST /control/banks/:code/faults` (merged into the current faults). */
export interface FaultsPatch {
  failNext?: number;
  alwaysFail?: boolean;
  failStatus?: number;
  slowMs?: number;
  timeout?: boolean;
  rejectFreeze?: boolean | { reason: string };
  callbackDelayMs?: number | null;
  noCallback?: boolean;
}

export function noFaults(): BankFaults {
  return {
    failNext: 0,
    alwaysFail: false,
    failStatus: DEFAULT_FAIL_STATUS,
    slowMs: 0,
    timeout: false,
    rejectFreeze: null,
    callbackDelayMs: null,
    noCallback: false,
  };
}

/** Invalid input; `errors` is keyed by field path. */
export class SandboxInputError extends Error {
  constructor(
    message: string,
    readonly errors: Record<string, string> = {},
  ) {
    super(
      Object.keys(errors).length
        ? `${message}: ${Object.entries(errors)
            .map(([k, v]) => `${k} ${v}`)
            .join('; ')}`
        : message,
    );
    this.name = 'SandboxInputError';
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isNonNegativeInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

function unknownKeys(obj: Record<string, unknown>, allowed: readonly string[], errors: Record<string, string>, prefix = ''): void {
  for (const k of Object.keys(obj)) if (!allowed.includes(k)) errors[prefix + k] = 'is not a known field';
}

/** A Standard Webhooks secret as docs/api.md defines it: `whsec_` + standard base64 of at least one byte. */
export function secretProblem(secret: unknown): string | null {
  if (typeof secret !== 'string') return 'must be a string';
  if (!secret.startsWith(SECRET_PREFIX)) return `must start with ${SECRET_PREFIX}`;
  const b64 = secret.slice(SECRET_PREFIX.length);
  if (b64.length === 0 || !BASE64_RE.test(b64)) return `must be ${SECRET_PREFIX} followed by standard padded base64`;
  return null;
}

export function bankCodeProblem(code: unknown): string | null {
  if (typeof code !== 'string' || !BANK_CODE_RE.test(code)) return 'must be 1-64 characters of A-Z, a-z, 0-9, _ . -';
  return null;
}

function urlProblem(url: unknown): string | null {
  if (typeof url !== 'string') return 'must be a string';
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'must be an http(s) URL';
  } catch {
    return 'must be an absolute URL';
  }
  return null;
}

/** Validates the body of `PUT /control/banks/:code` (code from the path). */
export function parseBankBody(code: string, body: unknown, where = 'body'): BankConfig {
  const errors: Record<string, string> = {};
  const codeErr = bankCodeProblem(code);
  if (codeErr) errors.code = codeErr;
  if (!isPlainObject(body)) throw new SandboxInputError(`${where} must be a JSON object`);
  unknownKeys(body, ['code', 'name', 'secret', 'previousSecret', 'callbackUrl'], errors);
  if (body.code !== undefined && body.code !== code) errors.code = 'does not match the bank code in the path';
  const secretErr = secretProblem(body.secret);
  if (secretErr) errors.secret = secretErr;
  if (body.previousSecret !== undefined && body.previousSecret !== null) {
    const prevErr = secretProblem(body.previousSecret);
    if (prevErr) errors.previousSecret = prevErr;
  }
  if (body.callbackUrl !== undefined) {
    const urlErr = urlProblem(body.callbackUrl);
    if (urlErr) errors.callbackUrl = urlErr;
  }
  if (Object.keys(errors).length) throw new SandboxInputError(`invalid bank ${where}`, errors);
  return {
    code,
    secret: body.secret as string,
    previousSecret: (body.previousSecret as string | null | undefined) ?? null,
    ...(body.callbackUrl !== undefined ? { callbackUrl: body.callbackUrl as string } : {}),
  };
}

/** Validates `POST /control/banks/:code/faults`. `rejectFreeze: true` gets the default reason. */
export function parseFaultsPatch(body: unknown): Partial<BankFaults> {
  if (!isPlainObject(body)) throw new SandboxInputError('faults must be a JSON object');
  const errors: Record<string, string> = {};
  const out: Partial<BankFaults> = {};
  unknownKeys(
    body,
    ['failNext', 'alwaysFail', 'failStatus', 'slowMs', 'timeout', 'rejectFreeze', 'callbackDelayMs', 'noCallback'],
    errors,
  );
  for (const k of ['failNext', 'slowMs'] as const) {
    if (body[k] === undefined) continue;
    if (isNonNegativeInt(body[k])) out[k] = body[k] as number;
    else errors[k] = 'must be a non-negative integer';
  }
  for (const k of ['alwaysFail', 'timeout', 'noCallback'] as const) {
    if (body[k] === undefined) continue;
    if (typeof body[k] === 'boolean') out[k] = body[k] as boolean;
    else errors[k] = 'must be a boolean';
  }
  if (body.failStatus !== undefined) {
    const s = body.failStatus;
    if (typeof s === 'number' && Number.isInteger(s) && s >= 400 && s <= 599) out.failStatus = s;
    else errors.failStatus = 'must be an integer HTTP status between 400 and 599';
  }
  if (body.callbackDelayMs !== undefined) {
    if (body.callbackDelayMs === null || isNonNegativeInt(body.callbackDelayMs)) out.callbackDelayMs = body.callbackDelayMs;
    else errors.callbackDelayMs = 'must be a non-negative integer or null';
  }
  if (body.rejectFreeze !== undefined) {
    const r = body.rejectFreeze;
    if (r === true) out.rejectFreeze = { reason: DEFAULT_REJECT_REASON };
    else if (r === false || r === null) out.rejectFreeze = null;
    else if (isPlainObject(r) && typeof r.reason === 'string' && r.reason.trim() !== '' && Object.keys(r).length === 1) {
      out.rejectFreeze = { reason: r.reason };
    } else errors.rejectFreeze = 'must be a boolean or { "reason": "<non-empty text>" }';
  }
  if (Object.keys(errors).length) throw new SandboxInputError('invalid faults', errors);
  return out;
}

function envInt(env: NodeJS.ProcessEnv, name: string, errors: string[], max = Number.MAX_SAFE_INTEGER): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) > max) {
    errors.push(`${name} must be an integer between 0 and ${max} (got ${JSON.stringify(raw)})`);
    return undefined;
  }
  return Number(raw);
}

/**
 * Reads `BANK_SANDBOX_PORT`, `BANK_SANDBOX_HOST`, `BANK_SANDBOX_BANKS` (JSON array of
 * `{ code, secret, previousSecret?, callbackUrl? }`), `SENTINEL_API_URL`, `BANK_SANDBOX_CALLBACK_DELAY_MS` and
 * `BANK_SANDBOX_CONTROL_TOKEN`. Throws one error listing every problem (fail fast).
 */
export function sandboxOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): SandboxOptions {
  const errors: string[] = [];
  const opts: SandboxOptions = {};
  const port = envInt(env, 'BANK_SANDBOX_PORT', errors, 65535);
  if (port !== undefined) opts.port = port;
  const delay = envInt(env, 'BANK_SANDBOX_CALLBACK_DELAY_MS', errors);
  if (delay !== undefined) opts.callbackDelayMs = delay;
  if (env.BANK_SANDBOX_HOST?.trim()) opts.host = env.BANK_SANDBOX_HOST.trim();
  if (env.BANK_SANDBOX_CONTROL_TOKEN?.trim()) opts.controlToken = env.BANK_SANDBOX_CONTROL_TOKEN.trim();
  if (env.SENTINEL_API_URL?.trim()) {
    const problem = urlProblem(env.SENTINEL_API_URL.trim());
    if (problem) errors.push(`SENTINEL_API_URL ${problem}`);
    else opts.apiUrl = env.SENTINEL_API_URL.trim();
  }
  const banksRaw = env.BANK_SANDBOX_BANKS?.trim();
  if (banksRaw) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(banksRaw);
    } catch {
      errors.push('BANK_SANDBOX_BANKS must be a JSON array like [{"code":"ICBC","secret":"whsec_..."}]');
    }
    if (parsed !== undefined) {
      if (!Array.isArray(parsed)) errors.push('BANK_SANDBOX_BANKS must be a JSON array');
      else {
        opts.banks = [];
        parsed.forEach((entry, i) => {
          try {
            const code = isPlainObject(entry) ? entry.code : undefined;
            opts.banks!.push(parseBankBody(typeof code === 'string' ? code : '', entry, `BANK_SANDBOX_BANKS[${i}]`));
          } catch (e) {
            errors.push((e as Error).message);
          }
        });
      }
    }
  }
  if (errors.length) throw new SandboxInputError(`bank-sandbox configuration is invalid:\n  - ${errors.join('\n  - ')}`);
  return opts;
}

/** Fills defaults and checks option values (a programming error throws). */
export function resolveOptions(opts: SandboxOptions): ResolvedOptions {
  const r: ResolvedOptions = {
    port: opts.port ?? DEFAULT_PORT,
    host: opts.host ?? DEFAULT_HOST,
    banks: opts.banks ?? [],
    apiUrl: (opts.apiUrl ?? DEFAULT_API_URL).replace(/\/+$/, ''),
    callbackDelayMs: opts.callbackDelayMs ?? DEFAULT_CALLBACK_DELAY_MS,
    callbackRetryDelaysMs: opts.callbackRetryDelaysMs ?? [...DEFAULT_CALLBACK_RETRY_DELAYS_MS],
    callbackTimeoutMs: opts.callbackTimeoutMs ?? DEFAULT_CALLBACK_TIMEOUT_MS,
    maxRecords: opts.maxRecords ?? DEFAULT_MAX_RECORDS,
    quiet: opts.quiet ?? false,
    log: opts.log,
    controlToken: opts.controlToken || undefined,
  };
  const errors: Record<string, string> = {};
  if (!isNonNegativeInt(r.port) || r.port > 65535) errors.port = 'must be an integer between 0 and 65535';
  if (!isNonNegativeInt(r.callbackDelayMs)) errors.callbackDelayMs = 'must be a non-negative integer';
  if (!Array.isArray(r.callbackRetryDelaysMs) || !r.callbackRetryDelaysMs.every(isNonNegativeInt)) {
    errors.callbackRetryDelaysMs = 'must be an array of non-negative integers';
  }
  if (!isNonNegativeInt(r.callbackTimeoutMs) || r.callbackTimeoutMs === 0) errors.callbackTimeoutMs = 'must be a positive integer';
  if (!isNonNegativeInt(r.maxRecords) || r.maxRecords === 0) errors.maxRecords = 'must be a positive integer';
  const apiErr = urlProblem(r.apiUrl);
  if (apiErr) errors.apiUrl = apiErr;
  if (!r.controlToken && !isLoopbackHost(r.host)) {
    errors.controlToken = `is required (BANK_SANDBOX_CONTROL_TOKEN) when the sandbox listens on ${r.host}, beyond loopback: its control API sets secrets and injects faults`;
  } else if (r.controlToken !== undefined && r.controlToken.length < 16) {
    errors.controlToken = 'must be at least 16 characters (openssl rand -hex 32)';
  }
  if (Object.keys(errors).length) throw new SandboxInputError('invalid bank-sandbox options', errors);
  // Bank entries get the same checks as the control API.
  r.banks = r.banks.map((b, i) => parseBankBody(b.code, b, `banks[${i}]`));
  return r;
}
