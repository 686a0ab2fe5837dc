/** BullMQ queue names and job payloads shared by api and worker. Names carry a {hash tag} for Redis Cluster. */
export const QUEUE_NAMES = {
  notifications: 'notifications',
  slaTimers: 'sla-timers',
  maintenance: 'maintenance',
} as const;
export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

export interface DeliverNotificationJob {
  notificationId: string;
  correlationId?: string;
}

export interface SlaTimerJob {
  clockId: string;
  kind: 'warning' | 'due';
  /** Epoch ms the timer was set for (the worker re-reads the clock anyway). */
  at: number;
}

/** Job id helpers: BullMQ ids may not contain ':'. */
export const jobIds = {
  notification: (notificationId: string, generation: number) => `notif-${notificationId}-${generation}`,
  slaTimer: (clockId: string, kind: 'warning' | 'due', atMs: number) => `sla-${clockId}-${kind}-${atMs}`,
};

/**
 * BullMQ `prefix` of a deployment: a {hash tag} so every key of a queue lands in one Redis Cluster slot.
 * API (wakeup publisher) and worker must use the same value, or the worker never sees the API's jobs.
 */
export const bullPrefix = (redisPrefix: string) => `{${redisPrefix}}:bull`;
