import type IORedis from 'ioredis';

/** Where a Redis client's outages are told (a Nest Logger or a pino logger, adapted). */
export interface RedisOutageLog {
  warn(message: string): void;
  info(message: string): void;
}

/**
 * Logs a Redis client's connection errors once per outage and its return: ioredis emits `error` on every reconnect
 * attempt, and a client without a listener prints "[ioredis] Unhandled error event" with a stack to stderr, outside
 * the structured log. Returns the client.
 */
export function logRedisOutages<R extends IORedis>(client: R, name: string, log: RedisOutageLog): R {
  let down = false;
  client.on('error', (e: Error) => {
    if (down) return;
    down = true;
    log.warn(`Redis (${name}) unavailable: ${e.message}; reconnecting`);
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    log.info(`Redis (${name}) connection restored`);
  });
  return client;
}
