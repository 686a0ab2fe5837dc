import { outboundPolicyFromEnv, type OutboundPolicy } from '@sentinel/outbound';
/** Validated configuration of the API process (fail fast with a clear message). */
export interface AppConfig {
  databaseUrl: string;
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
  apiKeyRatePerMinute: number;
  enqueueJobs: boolean;
  /** The outbound address rule (WEBHOOK_ALLOW_PRIVATE, WEBHOOK_ALLOWED_CIDRS): checked when a webhook URL is saved. */
  outboundPolicy: OutboundPolicy;
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
    apiKeyRatePerMinute: int('API_KEY_RATE_PER_MINUTE', env.API_KEY_RATE_PER_MINUTE, 600, 1),
    enqueueJobs: env.ENQUEUE_JOBS !== 'false',
    outboundPolicy: policyFrom(env),
    smtpConfigured: !!env.SMTP_URL,
  };
  return { ...cfg, ...overrides };
}

export const APP_CONFIG = Symbol('APP_CONFIG');

function policyFrom(env: NodeJS.ProcessEnv): OutboundPolicy {
  try {
    return outboundPolicyFromEnv(env);
  } catch (e) {
    throw new Error(`Configuration error: ${(e as Error).message}`);
  }
}
