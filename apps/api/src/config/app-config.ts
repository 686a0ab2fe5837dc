import type { ReportChannel } from '@sentinel/contracts';
import { CASE_VISIBILITIES, PERSON_CHANNELS, type CaseVisibility } from '@sentinel/domain';
import { durationToMs, parseIsoDuration } from '@sentinel/domain';
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
  /** person channels whose reports request the freeze at opening (`AUTO_FREEZE_STAFF_CHANNELS`) */
  autoFreezeStaffChannels: string[];
  /** need-to-know: `team` keeps analysts to their team's cases (`CASE_VISIBILITY`, default `all`) */
  caseVisibility: CaseVisibility;
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
  /** lead time of a stop-payment's (and a dated acquirer hold's) `hold.expiring` alarm, ISO 8601 (HOLD_STOP_PAYMENT_LEAD) */
  holdStopPaymentLead: string;
  /** lead time of a police freeze's alarm (HOLD_FREEZE_LEAD) */
  holdFreezeLead: string;
  /** a CNY amount at risk at opening from which the PBoC major-event clock starts, minor units (REGULATORY_MAJOR_EVENT_MINOR) */
  regulatoryMajorEventMinor: number;
  /** how long a confirmed case's SN and MID are watched, days (WATCHLIST_DAYS) */
  watchlistDays: number;
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

/** Milliseconds of a valid ISO 8601 duration setting (days, hours, minutes, seconds). */
export function leadMs(name: string, value: string): number {
  try {
    return durationToMs(parseIsoDuration(value));
  } catch (e) {
    throw new Error(`Configuration error: ${name} ${(e as Error).message}`);
  }
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

/** `AUTO_FREEZE_STAFF_CHANNELS`: a comma list of person channels (default `merchant_call`; empty = none). */
function staffChannels(raw: string | undefined): string[] {
  if (raw === undefined) return ['merchant_call'];
  const list = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = list.filter((c) => !PERSON_CHANNELS.includes(c as ReportChannel));
  if (bad.length) {
    throw new Error(`Configuration error: AUTO_FREEZE_STAFF_CHANNELS may list only ${PERSON_CHANNELS.join(', ')} (got "${bad.join(', ')}")`);
  }
  return list;
}

function caseVisibility(raw: string | undefined): CaseVisibility {
  if (!raw) return 'all';
  if (!(CASE_VISIBILITIES as readonly string[]).includes(raw)) throw new Error(`Configuration error: CASE_VISIBILITY must be team or all (got "${raw}")`);
  return raw as CaseVisibility;
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
    autoFreezeStaffChannels: staffChannels(env.AUTO_FREEZE_STAFF_CHANNELS),
    caseVisibility: caseVisibility(env.CASE_VISIBILITY),
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
    holdStopPaymentLead: env.HOLD_STOP_PAYMENT_LEAD || 'PT12H',
    holdFreezeLead: env.HOLD_FREEZE_LEAD || 'P14D',
    watchlistDays: int('WATCHLIST_DAYS', env.WATCHLIST_DAYS, 90, 1),
    regulatoryMajorEventMinor: int('REGULATORY_MAJOR_EVENT_MINOR', env.REGULATORY_MAJOR_EVENT_MINOR, 10_000_000, 1),
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
  const out = { ...cfg, ...overrides };
  leadMs('HOLD_STOP_PAYMENT_LEAD', out.holdStopPaymentLead);
  leadMs('HOLD_FREEZE_LEAD', out.holdFreezeLead);
  return out;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

