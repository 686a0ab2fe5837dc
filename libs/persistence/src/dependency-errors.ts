/**
 * Errors that mean "a dependency is away", not "this request is wrong": PostgreSQL unreachable, a pooled
 * connection cut, the pool's connect timeout, the server shutting down or refusing connections, or Redis
 * unreachable. The API answers them with 503 `DEPENDENCY.UNAVAILABLE` and `Retry-After` instead of 500;
 * callers retry (with their idempotency keys) and nothing was half-written (the transaction never committed).
 */
export type UnavailableDependency = 'database' | 'redis';

/** Socket-level error codes of node's net module. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNABORTED']);

/**
 * SQLSTATEs of an unavailable server: class 08 (connection exception), 57P01–57P03 (admin / crash shutdown,
 * cannot connect now), 53300 (too many connections).
 */
function unavailableSqlState(code: string): boolean {
  return /^08[0-9A-Z]{3}$/.test(code) || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300';
}

/** Messages pg and its pool throw without a code. */
const DATABASE_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /connection timeout/i,
  /client has encountered a connection error and is not queryable/i,
  /cannot use a pool after calling end/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
];

/** ioredis: its connection closed, retries exhausted, or the server unreachable. */
const REDIS_MESSAGES = [/connection is closed/i, /reached the max retries per request/i, /stream isn't writeable/i];

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  name?: unknown;
  driverError?: unknown;
  cause?: unknown;
  errors?: unknown;
}

function candidates(err: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  const seen = new Set<unknown>();
  const walk = (e: unknown, depth: number) => {
    if (!e || typeof e !== 'object' || seen.has(e) || depth > 4) return;
    seen.add(e);
    const x = e as ErrorLike;
    out.push(x);
    walk(x.driverError, depth + 1); // TypeORM QueryFailedError
    walk(x.cause, depth + 1);
    if (Array.isArray(x.errors)) for (const inner of x.errors) walk(inner, depth + 1); // AggregateError (dual-stack connect)
  };
  walk(err, 0);
  return out;
}

/** Which dependency `err` says is away, or null when it is any other error. */
export function unavailableDependency(err: unknown): UnavailableDependency | null {
  for (const e of candidates(err)) {
    const code = typeof e.code === 'string' ? e.code : '';
    const message = typeof e.message === 'string' ? e.message : '';
    const name = typeof e.name === 'string' ? e.name : '';
    if (name === 'MaxRetriesPerRequestError' || REDIS_MESSAGES.some((re) => re.test(message))) return 'redis';
    if (unavailableSqlState(code)) return 'database';
    if (DATABASE_MESSAGES.some((re) => re.test(message))) return 'database';
    if (NETWORK_CODES.has(code)) return /redis/i.test(message) ? 'redis' : 'database';
  }
  return null;
}
