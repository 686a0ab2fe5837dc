import { outboundPolicyFromEnv, secretBoxFromEnv, type OutboundPolicy, type Resolver, type SecretBox } from '@sentinel/outbound';
import { durationToMs, parseIsoDuration } from '@sentinel/domain';
import { DEFAULT_DELIVERY_JITTER, DEFAULT_DELIVERY_SCHEDULE, parseDeliverySchedule } from './delivery-schedule';

/** Validated configuration of the worker process (fail fast with a clear message). README.md lists every variable. */
export interface WorkerConfig {
  databaseUrl: string;
  redisUrl: string;
  /** Same as the API's REDIS_PREFIX: the BullMQ prefix is `{<prefix>}:bull` (contracts `bullPrefix`). */
  redisPrefix: string;
  /** Per-attempt HTTP timeout of a bank delivery (connect + answer). */
  deliveryTimeoutMs: number;
  /** Attempt offsets in ms from the first attempt (parsed DELIVERY_SCHEDULE); its length is the number of attempts. */
  deliveryScheduleMs: number[];
  /** ± fraction applied to each gap of the schedule (0.1 = ±10%). */
  deliveryJitter: number;
  /** A row `delivering` for longer than timeout + this margin is considered abandoned and redelivered. */
  deliveryStuckMarginMs: number;
  /** Maintenance sweep period (relay, stuck deliveries, lost SLA timers, missing freeze notices). */
  sweepIntervalMs: number;
  /** TIMER_POLL_MS: how often each worker claims due clock moments from the database (0: off; default 1,000). */
  timerPollMs: number;
  /** Rows/clocks handled per sweep and kind (the rest waits for the next sweep). */
  sweepBatchSize: number;
  /** How long after a confirmed freeze a missing merchant notice raises `freeze_notice.missing`. */
  freezeNoticeGraceMs: number;
  /** The freeze-notice check runs at most this often (it scans case_freezes). */
  freezeNoticeCheckIntervalMs: number;
  /** Concurrent jobs per queue (notifications and sla-timers; maintenance runs one at a time). */
  concurrency: number;
  /** PostgreSQL pool size of this process. */
  dbPoolSize: number;
  /** Port of `GET /metrics` (Prometheus) and `GET /health`; unset = not served. */
  metricsPort?: number;
  /** Port of `GET /health` (and `/metrics`) when different from metricsPort; unset = not served. */
  healthPort?: number;
  /** Host the ops endpoints bind to. */
  opsHost: string;
  /** How long a graceful shutdown waits for in-flight jobs before aborting their HTTP calls and forcing close. */
  shutdownTimeoutMs: number;
  logLevel: string;
  /** Run the maintenance sweep (scheduler + watchdog). Tests may turn it off to drive the processors alone. */
  sweepEnabled: boolean;
  /** Opens the banks' sealed secrets (`SECRETS_KEY`; required in production, a development key otherwise). */
  secretBox: SecretBox;
  /** The webhook address rule (`WEBHOOK_ALLOW_PRIVATE`, `WEBHOOK_ALLOWED_CIDRS`), checked before each connection. */
  outboundPolicy: OutboundPolicy;
  /** How webhook host names are resolved (tests pass a stub that answers private addresses; the system resolver otherwise). */
  outboundResolver?: Resolver;
  /** AUDIT_CHECKPOINT_INTERVAL (ISO 8601, default PT1H): the sweep writes a signed checkpoint when the latest is older */
  auditCheckpointIntervalMs: number;
  /** AUDIT_SIGNING_KEY (PEM value or file, or base64); unset: the development key file (refused in production) */
  auditSigningKey?: string;
  auditSigningKeyFile: string;
  /** NODE_ENV=production */
  production: boolean;
  /** SMTP server of the e-mail alert channel (`smtp://user:pass@host:587`, `smtps://…`); unset = no e-mail. */
  smtpUrl?: string;
  /** From address of alert e-mails. */
  smtpFrom: string;
  /** The console's address, for links in alert messages (PUBLIC_URL). */
  consoleUrl?: string;
  /** Attempt offsets of an alert-channel delivery (ALERT_DELIVERY_SCHEDULE, same form as DELIVERY_SCHEDULE). */
  alertDeliveryScheduleMs: number[];
  /** Per-attempt timeout of an alert-channel delivery (webhook call or SMTP conversation). */
  alertDeliveryTimeoutMs: number;
}

export const DEFAULT_ALERT_DELIVERY_SCHEDULE = '0,30s,2m,10m,30m';

function int(name: string, raw: string | undefined, dflt: number, min = 0): number {
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`Configuration error: ${name} must be an integer ≥ ${min} (got "${raw}")`);
  return n;
}

function optionalPort(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const n = int(name, raw, 0, 0);
  if (n > 65535) throw new Error(`Configuration error: ${name} must be a port number (got "${raw}")`);
  return n;
}

function configError<T>(build: () => T): T {
  try {
    return build();
  } catch (e) {
    throw new Error(`Configuration error: ${(e as Error).message}`);
  }
}

function checkpointInterval(raw: string | undefined): number {
  if (!raw) return 3_600_000;
  try {
    const ms = durationToMs(parseIsoDuration(raw));
    if (ms < 1000) throw new Error('below one second');
    return ms;
  } catch (e) {
    throw new Error(`Configuration error: AUDIT_CHECKPOINT_INTERVAL must be an ISO 8601 duration of at least PT1S (got "${raw}": ${(e as Error).message})`);
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * Reads the worker's configuration from the environment; `overrides` win (tests pass them). Note that the API's
 * METRICS_PORT is not read: API and worker usually share one environment (npm start), so the worker's port is
 * WORKER_METRICS_PORT.
 */
export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<WorkerConfig> = {}): WorkerConfig {
  const databaseUrl = overrides.databaseUrl ?? env.DATABASE_URL;
  if (!databaseUrl) throw new Error('Configuration error: DATABASE_URL is required (npm start sets it for you)');
  let deliveryScheduleMs = overrides.deliveryScheduleMs;
  if (!deliveryScheduleMs) {
    try {
      deliveryScheduleMs = parseDeliverySchedule(env.DELIVERY_SCHEDULE || DEFAULT_DELIVERY_SCHEDULE);
    } catch (e) {
      throw new Error(`Configuration error: ${(e as Error).message}`);
    }
  }
  const jitterRaw = env.DELIVERY_JITTER;
  const deliveryJitter = jitterRaw === undefined || jitterRaw === '' ? DEFAULT_DELIVERY_JITTER : Number(jitterRaw);
  if (!Number.isFinite(deliveryJitter) || deliveryJitter < 0 || deliveryJitter >= 1) {
    throw new Error(`Configuration error: DELIVERY_JITTER must be a fraction in [0, 1) (got "${jitterRaw}")`);
  }
  let alertDeliveryScheduleMs = overrides.alertDeliveryScheduleMs;
  if (!alertDeliveryScheduleMs) {
    try {
      alertDeliveryScheduleMs = parseDeliverySchedule(env.ALERT_DELIVERY_SCHEDULE || DEFAULT_ALERT_DELIVERY_SCHEDULE);
    } catch (e) {
      throw new Error(`Configuration error: ALERT_${(e as Error).message}`);
    }
  }
  const logLevel = (env.LOG_LEVEL || 'info').toLowerCase();
  if (!LOG_LEVELS.includes(logLevel) && !overrides.logLevel) {
    throw new Error(`Configuration error: LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${env.LOG_LEVEL}")`);
  }
  const concurrency = int('WORKER_CONCURRENCY', env.WORKER_CONCURRENCY, 10, 1);
  const cfg: WorkerConfig = {
    databaseUrl,
    redisUrl: env.REDIS_URL || 'redis://127.0.0.1:6379',
    redisPrefix: env.REDIS_PREFIX || 'sn',
    deliveryTimeoutMs: int('DELIVERY_TIMEOUT_MS', env.DELIVERY_TIMEOUT_MS, 10_000, 1),
    deliveryScheduleMs,
    deliveryJitter,
    deliveryStuckMarginMs: int('DELIVERY_STUCK_MARGIN_MS', env.DELIVERY_STUCK_MARGIN_MS, 30_000, 0),
    sweepIntervalMs: int('SWEEP_INTERVAL_MS', env.SWEEP_INTERVAL_MS, 5000, 50),
    timerPollMs: int('TIMER_POLL_MS', env.TIMER_POLL_MS, 1000, 0),
    sweepBatchSize: int('SWEEP_BATCH_SIZE', env.SWEEP_BATCH_SIZE, 500, 1),
    freezeNoticeGraceMs: int('FREEZE_NOTICE_GRACE_MS', env.FREEZE_NOTICE_GRACE_MS, 24 * 3_600_000, 0),
    freezeNoticeCheckIntervalMs: int('FREEZE_NOTICE_CHECK_INTERVAL_MS', env.FREEZE_NOTICE_CHECK_INTERVAL_MS, 60_000, 0),
    concurrency,
    dbPoolSize: int('WORKER_DB_POOL_SIZE', env.WORKER_DB_POOL_SIZE, 2 * concurrency + 4, 2),
    metricsPort: optionalPort('WORKER_METRICS_PORT', env.WORKER_METRICS_PORT),
    healthPort: optionalPort('WORKER_HEALTH_PORT', env.WORKER_HEALTH_PORT),
    opsHost: env.WORKER_OPS_HOST || '0.0.0.0',
    shutdownTimeoutMs: int('WORKER_SHUTDOWN_TIMEOUT_MS', env.WORKER_SHUTDOWN_TIMEOUT_MS, 15_000, 0),
    logLevel,
    sweepEnabled: env.WORKER_SWEEP !== 'false',
    secretBox: overrides.secretBox ?? configError(() => secretBoxFromEnv(env, env.NODE_ENV === 'test' ? () => undefined : undefined)),
    outboundPolicy: overrides.outboundPolicy ?? configError(() => outboundPolicyFromEnv(env)),
    auditCheckpointIntervalMs: checkpointInterval(env.AUDIT_CHECKPOINT_INTERVAL),
    auditSigningKey: env.AUDIT_SIGNING_KEY || undefined,
    auditSigningKeyFile: env.AUDIT_SIGNING_KEY_FILE || '.data/audit-signing-key.pem',
    production: env.NODE_ENV === 'production',
    smtpUrl: env.SMTP_URL || undefined,
    smtpFrom: env.SMTP_FROM || 'Sentinel SN <alerts@sentinel.local>',
    consoleUrl: env.PUBLIC_URL || undefined,
    alertDeliveryScheduleMs,
    alertDeliveryTimeoutMs: int('ALERT_DELIVERY_TIMEOUT_MS', env.ALERT_DELIVERY_TIMEOUT_MS, 10_000, 1),
  };
  const merged = { ...cfg, ...overrides };
  if (merged.dbPoolSize < 2) throw new Error('Configuration error: WORKER_DB_POOL_SIZE must be at least 2');
  return merged;
}

export const WORKER_CONFIG = Symbol('WORKER_CONFIG');
