import { outboundPolicyFromEnv, secretBoxFromEnv, type OutboundPolicy, type Resolver, type SecretBox } from '@sentinel/outbound';

/** Validated configuration of the API process (fail fast with a clear message). */
export interface AppConfig {
  databaseUrl: string;
  /** DATABASE_CONNECT_TIMEOUT_MS: a request waits at most this long for a database connection, then 503 (default 5,000). */
  databaseConnectTimeoutMs: number;
  redisUrl: string;
  /** Prefix of every Redis key and BullMQ queue of this deployment (tests use a unique one). */
  redisPrefix: string;
  port: number;
  adminEmail?: string;
  adminPassword?: string;
  defaultTimeZone: string;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  evidenceDir: string;
  evidenceMaxBytes: number;
  evidenceMediaTypes: string[];
  jsonBodyLimit: string;
  trustedChannels: string[];
  metricsPort?: number;
  metricsToken?: string;
  consoleDir?: string;
  logLevel: string;
  loginMaxFailuresPerAccount: number;
  loginMaxFailuresPerIp: number;
  /** The first delay after the free sign-in attempts, doubling per attempt up to `loginDelayMaxMs`. */
  loginDelayBaseMs: number;
  loginDelayMaxMs: number;
  apiKeyRatePerMinute: number;
  enqueueJobs: boolean;
  /** CASE_LIST_EXACT_TOTAL_UP_TO: GET /api/cases counts exactly up to this many matches, then serves an estimate. */
  caseListExactTotalUpTo: number;
  /** Seals secrets at rest (`SECRETS_KEY`; required in production, a development key otherwise). */
  secretBox: SecretBox;
  /** The webhook address rule (`WEBHOOK_ALLOW_PRIVATE`, `WEBHOOK_ALLOWED_CIDRS`), checked when a webhook URL is saved. */
  outboundPolicy: OutboundPolicy;
  /** How a webhook host name is resolved at save time (tests pass a stub; the system resolver otherwise). */
  outboundResolver?: Resolver;
  /** AUDIT_SIGNING_KEY (PEM value or file, or base64); unset: the development key file (refused in production) */
  auditSigningKey?: string;
  auditSigningKeyFile: string;
  /** NODE_ENV=production */
  production: boolean;
  /** Browser origins allowed by CORS (`CORS_ORIGIN`); empty = same-origin only (no CORS headers). */
  corsOrigins: string[];
  /** `OPENAPI_PUBLIC=false`: `/api/docs` and `/api/openapi.json` need a signed-in caller. */
  openapiPublic: boolean;
  /** `MFA_REQUIRED=true`: admins and supervisors must enrol a second factor before anything else. */
  mfaRequired: boolean;
  /** `FORCE_PASSWORD_CHANGE=true`: a password an admin set must be changed at the next sign-in. */
  forcePasswordChange: boolean;
  /** SMTP_URL is set: the e-mail alert channel is offered. */
  smtpConfigured: boolean;
}

export const DEFAULT_EVIDENCE_MEDIA_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'text/csv',
  'text/plain',
  'application/json',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

function int(name: string, raw: string | undefined, dflt: number, min = 0): number {
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`Configuration error: ${name} must be an integer ≥ ${min} (got "${raw}")`);
  return n;
}

function configError<T>(build: () => T): T {
  try {
    return build();
  } catch (e) {
    throw new Error(`Configuration error: ${(e as Error).message}`);
  }
}

function bool(name: string, raw: string | undefined, dflt: boolean): boolean {
  if (raw === undefined || raw === '') return dflt;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw new Error(`Configuration error: ${name} must be true or false (got "${raw}")`);
}

/** `CORS_ORIGIN`: comma-separated origins (`https://console.bank.example`), each scheme://host[:port] exactly. */
export function parseOrigins(raw: string | undefined): string[] {
  if (!raw) return [];
  return raw.split(',').map((s) => s.trim()).filter(Boolean).map((o) => {
    let origin: string | undefined;
    try {
      origin = new URL(o).origin;
    } catch {
      origin = undefined;
    }
    if (!origin || origin === 'null' || origin !== o.replace(/\/$/, '')) {
      throw new Error(`Configuration error: CORS_ORIGIN entries must be origins such as https://console.example.com (got "${o}")`);
    }
    return origin;
  });
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<AppConfig> = {}): AppConfig {
  const databaseUrl = overrides.databaseUrl ?? env.DATABASE_URL;
  if (!databaseUrl) throw new Error('Configuration error: DATABASE_URL is required (npm start sets it for you)');
  const tz = env.DEFAULT_TIME_ZONE || 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
  } catch {
    throw new Error(`Configuration error: DEFAULT_TIME_ZONE "${tz}" is not an IANA time zone`);
  }
  const cfg: AppConfig = {
    databaseUrl,
    databaseConnectTimeoutMs: int('DATABASE_CONNECT_TIMEOUT_MS', env.DATABASE_CONNECT_TIMEOUT_MS, 5000, 100),
    redisUrl: env.REDIS_URL || 'redis://127.0.0.1:6379',
    redisPrefix: env.REDIS_PREFIX || 'sn',
    port: int('PORT', env.PORT, 3000),
    adminEmail: env.ADMIN_EMAIL || undefined,
    adminPassword: env.ADMIN_PASSWORD || undefined,
    defaultTimeZone: tz,
    sessionIdleMinutes: int('SESSION_IDLE_MINUTES', env.SESSION_IDLE_MINUTES, 30, 1),
    sessionMaxHours: int('SESSION_MAX_HOURS', env.SESSION_MAX_HOURS, 12, 1),
    evidenceDir: env.EVIDENCE_DIR || '.data/evidence',
    evidenceMaxBytes: int('EVIDENCE_MAX_BYTES', env.EVIDENCE_MAX_BYTES, 25 * 1024 * 1024, 1),
    evidenceMediaTypes: env.EVIDENCE_MEDIA_TYPES ? env.EVIDENCE_MEDIA_TYPES.split(',').map((s) => s.trim()) : DEFAULT_EVIDENCE_MEDIA_TYPES,
    jsonBodyLimit: env.JSON_BODY_LIMIT || '1mb',
    trustedChannels: (env.TRUSTED_CHANNELS || 'bank_alert,internal_monitoring,merchant_call').split(',').map((s) => s.trim()),
    metricsPort: env.METRICS_PORT ? int('METRICS_PORT', env.METRICS_PORT, 9464) : undefined,
    metricsToken: env.METRICS_TOKEN || undefined,
    consoleDir: env.CONSOLE_DIR || undefined,
    logLevel: env.LOG_LEVEL || 'info',
    loginMaxFailuresPerAccount: int('LOGIN_MAX_FAILURES_PER_ACCOUNT', env.LOGIN_MAX_FAILURES_PER_ACCOUNT, 5, 1),
    loginMaxFailuresPerIp: int('LOGIN_MAX_FAILURES_PER_IP', env.LOGIN_MAX_FAILURES_PER_IP, 30, 1),
    loginDelayBaseMs: int('LOGIN_DELAY_BASE_SECONDS', env.LOGIN_DELAY_BASE_SECONDS, 30, 1) * 1000,
    loginDelayMaxMs: int('LOGIN_DELAY_MAX_SECONDS', env.LOGIN_DELAY_MAX_SECONDS, 900, 1) * 1000,
    apiKeyRatePerMinute: int('API_KEY_RATE_PER_MINUTE', env.API_KEY_RATE_PER_MINUTE, 600, 1),
    enqueueJobs: env.ENQUEUE_JOBS !== 'false',
    caseListExactTotalUpTo: int('CASE_LIST_EXACT_TOTAL_UP_TO', env.CASE_LIST_EXACT_TOTAL_UP_TO, 10_000, 1),
    secretBox: overrides.secretBox ?? configError(() => secretBoxFromEnv(env, env.NODE_ENV === 'test' ? () => undefined : undefined)),
    outboundPolicy: overrides.outboundPolicy ?? configError(() => outboundPolicyFromEnv(env)),
    auditSigningKey: env.AUDIT_SIGNING_KEY || undefined,
    auditSigningKeyFile: env.AUDIT_SIGNING_KEY_FILE || '.data/audit-signing-key.pem',
    production: env.NODE_ENV === 'production',
    corsOrigins: parseOrigins(env.CORS_ORIGIN),
    openapiPublic: bool('OPENAPI_PUBLIC', env.OPENAPI_PUBLIC, true),
    mfaRequired: bool('MFA_REQUIRED', env.MFA_REQUIRED, false),
    forcePasswordChange: bool('FORCE_PASSWORD_CHANGE', env.FORCE_PASSWORD_CHANGE, false),
    smtpConfigured: !!env.SMTP_URL,
  };
  return { ...cfg, ...overrides };
}

export const APP_CONFIG = Symbol('APP_CONFIG');

