import type { RedisOptions } from 'bullmq';

/**
 * How a connection behaves while Redis is away:
 * - `producer`: commands fail instead of queueing while disconnected (one retry, no offline queue) — the rows in
 *   PostgreSQL are the truth and the worker's sweep re-enqueues what was not added. BullMQ still waits for a first
 *   connection, so callers that must not wait (a request) bound their adds with a timeout (WakeupPublisher);
 * - `worker`: blocking commands wait for Redis to come back (`maxRetriesPerRequest: null`, as BullMQ requires);
 * - `reader`: reads for operations (queue depths, the dashboard) share one connection and wait at most the
 *   connect timeout; callers bound them further.
 */
export type ConnectionRole = 'producer' | 'worker' | 'reader';

/** BullMQ connection options of a role (BullMQ opens the connection from `url`). */
export function connectionOptions(redisUrl: string, role: ConnectionRole): RedisOptions & { url: string } {
  switch (role) {
    case 'producer':
      return { url: redisUrl, maxRetriesPerRequest: 1, enableOfflineQueue: false };
    case 'worker':
      return { url: redisUrl, maxRetriesPerRequest: null };
    case 'reader':
      return { url: redisUrl, maxRetriesPerRequest: 1, connectTimeout: 2000 };
  }
}
