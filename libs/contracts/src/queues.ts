/**
 * BullMQ queues shared by api and worker: names, job names, payloads and job ids. Queues are built by
 * `libs/queues` (one factory, the deployment's `{prefix}`); the rows in PostgreSQL stay the truth, jobs are
 * wake-up calls.
 */
export const QUEUE_NAMES = {
  notifications: 'notifications',
  slaTimers: 'sla-timers',
  holdTimers: 'hold-timers',
  regulatoryTimers: 'regulatory-timers',
  maintenance: 'maintenance',
  alertChannels: 'alert-channels',
} as const;
export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];
export const ALL_QUEUE_NAMES: readonly QueueName[] = Object.values(QUEUE_NAMES);

/** Job names: the API adds `deliver` and `fire`; the worker adds `deliver` (next attempts, relay) and `fire` (re-armed timers); the maintenance scheduler adds `sweep`. */
export const JOB_NAMES = { deliver: 'deliver', fire: 'fire', sweep: 'sweep', dispatch: 'dispatch' } as const;
export type JobName = (typeof JOB_NAMES)[keyof typeof JOB_NAMES];

/** Deliver (the next attempt of) a bank notification. */
export interface DeliverNotificationJob {
  notificationId: string;
  correlationId?: string;
}

export const SLA_TIMER_KINDS = ['warning', 'due'] as const;
export type SlaTimerKind = (typeof SLA_TIMER_KINDS)[number];

/** A clock's warning or due moment arrived (the worker re-reads the clock anyway). */
export interface SlaTimerJob {
  clockId: string;
  kind: SlaTimerKind;
  /** Epoch ms the timer was set for. */
  at: number;
}

/** A hold's alarm (`warning`) or expiry (`due`) moment arrived (the worker re-reads the hold anyway). */
export interface HoldTimerJob {
  holdId: string;
  kind: SlaTimerKind;
  /** Epoch ms the timer was set for. */
  at: number;
}

/** A regulatory clock's warning or due moment arrived (the worker re-reads the clock anyway). */
export interface RegulatoryTimerJob {
  clockId: string;
  kind: SlaTimerKind;
  /** Epoch ms the timer was set for. */
  at: number;
}

/** The periodic sweep: re-enqueues what Redis lost and records what is overdue. No data. */
export type SweepJob = Record<string, never>;

/** Route the alerts raised since the last dispatch to their users' channels (no data: the rows say which). */
export interface AlertDispatchJob {
  correlationId?: string;
}

/** Send (the next attempt of) one alert-channel delivery. */
export interface AlertDeliveryJob {
  deliveryId: string;
  correlationId?: string;
}

/** What each queue carries: job name -> payload. The queue factory types producers and workers by it. */
export interface QueueJobs {
  notifications: { deliver: DeliverNotificationJob };
  'sla-timers': { fire: SlaTimerJob };
  'hold-timers': { fire: HoldTimerJob };
  'regulatory-timers': { fire: RegulatoryTimerJob };
  maintenance: { sweep: SweepJob };
  'alert-channels': { dispatch: AlertDispatchJob; deliver: AlertDeliveryJob };
}
export type JobNameOf<Q extends QueueName> = keyof QueueJobs[Q] & string;
export type JobDataOf<Q extends QueueName> = QueueJobs[Q][JobNameOf<Q>];

/** Job ids (BullMQ ids may not contain ':'; adding a job whose id exists does nothing). */
export const jobIds = {
  /** Attempt 1 of a notification's generation (the API's wake-up). */
  notification: (notificationId: string, generation: number) => `notif-${notificationId}-${generation}`,
  /** Attempt n of a generation: attempt 1 is `notification(…)`, later ones `notif-<id>-<gen>-a<n>`. */
  deliveryAttempt: (notificationId: string, generation: number, attemptNo: number) =>
    attemptNo <= 1 ? jobIds.notification(notificationId, generation) : `${jobIds.notification(notificationId, generation)}-a${attemptNo}`,
  /**
   * The worker's relay of a row found due without a live job: deterministic in the row's state (generation,
   * attempt, next_attempt_at), so sweeps re-adding it are no-ops, while a row that changed state (recovered from a
   * crash) gets a fresh id instead of colliding with a completed job.
   */
  relay: (notificationId: string, generation: number, attemptNo: number, nextAttemptAtMs: number) =>
    `${jobIds.deliveryAttempt(notificationId, generation, attemptNo)}-r${nextAttemptAtMs}`,
  /** Attempt n of an alert-channel delivery, due at `atMs` (a relay of the same state re-adds the same id: a no-op). */
  alertDelivery: (deliveryId: string, attemptNo: number, atMs: number) => `alertd-${deliveryId}-a${attemptNo}-${atMs}`,
  slaTimer: (clockId: string, kind: SlaTimerKind, atMs: number) => `sla-${clockId}-${kind}-${atMs}`,
  holdTimer: (holdId: string, kind: SlaTimerKind, atMs: number) => `hold-${holdId}-${kind}-${atMs}`,
  regulatoryTimer: (clockId: string, kind: SlaTimerKind, atMs: number) => `reg-${clockId}-${kind}-${atMs}`,
};

/** Id of the maintenance queue's job scheduler that adds `sweep` jobs. */
export const SWEEP_SCHEDULER_ID = 'sweep';

/**
 * BullMQ `prefix` of a deployment: a {hash tag} so every key of a queue lands in one Redis Cluster slot.
 * API and worker must use the same value, or the worker never sees the API's jobs.
 */
export const bullPrefix = (redisPrefix: string) => `{${redisPrefix}}:bull`;
