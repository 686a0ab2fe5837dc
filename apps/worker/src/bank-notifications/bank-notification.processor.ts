import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { BankNotificationBody, DeliverNotificationJob } from '@sentinel/contracts';
import { CaseWriter, NotificationsRepository, type ClaimSkipReason } from '@sentinel/persistence';
import { WORKER_CONFIG, type WorkerConfig } from '../config/worker-config';
import { nextAttemptDelayMs } from '../config/delivery-schedule';
import { WORKER_LOGGER, type WorkerLogger } from '../common/logger';
import { WorkerQueues } from '../queues/worker-queues';
import { WorkerMetrics } from '../ops/worker-metrics';
import { openBankSecret } from '@sentinel/outbound';
import { WebhookSender, type WebhookAttemptResult } from './webhook-sender';
import { DeliveryRecorder } from './delivery-recorder';
import { BankEndpointCache } from './bank-endpoint-cache';

export type DeliveryJobResult =
  | { outcome: 'skipped'; reason: ClaimSkipReason }
  | { outcome: 'delivered' | 'failed' | 'dead' | 'unchanged'; attemptNo: number; statusCode: number | null; error: string | null; nextJobId?: string };

/**
 * A freshly claimed attempt may run this long before its due time: BullMQ delays are computed on the enqueuing
 * host's clock, so a job can look a few ms early here. Jobs earlier than that are stale duplicates: skipped.
 */
const DUE_SLACK_MS = 250;

/**
 * Queue `notifications`, job `{ notificationId }`: one delivery attempt of an outbox row (docs/api.md "Banks and
 * notifications"). Idempotent: the claim (pending → delivering, atomically) lets exactly one job act on a row;
 * a job for a row that is delivered, dead, cancelled, being delivered or not yet due returns `skipped`.
 *
 * 1. claim (one UPDATE, committed without waiting for its WAL flush: see `NotificationsRepository.claim`; no
 *    transaction held during the HTTP call);
 * 2. the bank's endpoint, read at most once a second per bank (`BankEndpointCache`: an edit or a rotation applies
 *    within 1 s), then POST the stored payload, signed (current + previous secret during a rotation, opened with SECRETS_KEY), with a
 *    timeout, through the outbound address rule (a refused address is the error "address not allowed");
 *    an unknown or inactive bank, or one without a webhook URL, is a failed attempt with that error;
 * 3. the write path (`delivery_attempt`, decided by libs/domain `planDeliveryAttempt` on the rows locked case
 *    first, then notification): the attempt row + the row's new status (+ `notification.delivered` /
 *    `notification.dead` case event, + `notification.dead` alert), in one transaction with the results of other
 *    deliveries finishing within 5 ms (`DeliveryRecorder`: group commit; a failed group records each on its own);
 * 4. after commit, the next attempt's delayed job (`notif-<id>-<gen>-a<n>`); if that enqueue is lost, the relay
 *    finds the pending row when it is due.
 * A crash between 1 and 3 leaves the row `delivering`; the sweep puts it back to pending after timeout + margin
 * and it is redelivered (same `webhook-id`: the bank drops the duplicate).
 */
@Injectable()
export class BankNotificationProcessor implements OnApplicationShutdown {
  private readonly inFlight = new Set<AbortController>();
  private readonly sender: WebhookSender;
  private readonly banks: BankEndpointCache;
  private readonly recorder: DeliveryRecorder;

  constructor(
    private readonly ds: DataSource,
    private readonly notifications: NotificationsRepository,
    private readonly writer: CaseWriter,
    private readonly queues: WorkerQueues,
    private readonly metrics: WorkerMetrics,
    @Inject(WORKER_CONFIG) private readonly cfg: WorkerConfig,
    @Inject(WORKER_LOGGER) private readonly log: WorkerLogger,
  ) {
    this.sender = new WebhookSender(cfg.outboundPolicy, cfg.outboundResolver);
    this.recorder = new DeliveryRecorder(ds, writer, log);
    this.banks = new BankEndpointCache((code, now) => this.notifications.bankEndpoint(this.ds, code, now));
  }

  /** After the runtime's beforeApplicationShutdown drained (or aborted) the deliveries: closing earlier would wait for them. */
  onApplicationShutdown(): Promise<void> {
    return this.sender.close();
  }

  async process(data: DeliverNotificationJob, jobId?: string): Promise<DeliveryJobResult> {
    const id = data.notificationId;
    const log = this.log.child({ queue: 'notifications', jobId, outboxId: id, correlationId: data.correlationId });
    const claimedAt = new Date();
    const claim = await this.notifications.claim(this.ds, id, claimedAt, { dueSlackMs: DUE_SLACK_MS });
    if (!claim.ok) {
      this.metrics.jobsSkipped.inc({ queue: 'notifications', reason: claim.reason });
      log.debug({ reason: claim.reason }, 'delivery skipped');
      return { outcome: 'skipped', reason: claim.reason };
    }
    const n = claim.notification;
    const attemptNo = n.attemptCount + 1;
    const clog = log.child({ caseId: n.caseId, bankCode: n.bankCode, type: n.type, generation: n.generation, attemptNo });

    const result = await this.attempt(n.id, n.bankCode, n.payload);
    const delay = result.ok ? null : nextAttemptDelayMs(this.cfg.deliveryScheduleMs, attemptNo, this.cfg.deliveryJitter);
    const now = new Date();
    const { applied, alertsRaised } = await this.recorder.record(
      n.caseId,
      {
        kind: 'delivery_attempt',
        notificationId: n.id,
        generation: n.generation,
        claimedAt: n.claimedAt,
        attemptNo,
        startedAt: result.startedAt,
        durationMs: result.durationMs,
        statusCode: result.statusCode,
        error: result.error,
        outcome: result.ok ? 'delivered' : 'failed',
        nextAttemptAt: delay === null ? null : new Date(now.getTime() + delay),
      },
      now,
    );
    this.metrics.deliveryAttempts.inc({ outcome: result.ok ? 'delivered' : 'failed' });
    const summary = { statusCode: result.statusCode, durationMs: result.durationMs, status: applied.status };

    if (applied.status === 'delivered') {
      this.metrics.deliveryLatency.observe({ type: n.type }, Math.max(0, now.getTime() - applied.createdAt.getTime()) / 1000);
      clog.info(summary, 'notification delivered');
      return { outcome: 'delivered', attemptNo, statusCode: result.statusCode, error: null };
    }
    if (applied.status === 'dead') {
      this.metrics.notificationsDead.inc();
      clog.warn({ ...summary, error: result.error, alertsRaised }, 'notification dead after the last attempt');
      return { outcome: 'dead', attemptNo, statusCode: result.statusCode, error: result.error };
    }
    if (applied.status === 'pending' && applied.nextAttemptAt) {
      let nextJobId: string | undefined;
      try {
        nextJobId = await this.queues.enqueueDeliveryAttempt(n, attemptNo + 1, applied.nextAttemptAt.getTime() - Date.now(), data.correlationId);
      } catch (e) {
        clog.warn({ err: (e as Error).message }, 'next attempt not enqueued (Redis?); the relay will pick the row up when due');
      }
      clog.info({ ...summary, error: result.error, nextAttemptAt: applied.nextAttemptAt.toISOString(), nextJobId }, 'delivery attempt failed; retry scheduled');
      return { outcome: 'failed', attemptNo, statusCode: result.statusCode, error: result.error, nextJobId };
    }
    clog.info({ ...summary, error: result.error, rowStatus: applied.rowStatus }, 'delivery attempt recorded; the row had moved on');
    return { outcome: 'unchanged', attemptNo, statusCode: result.statusCode, error: result.error };
  }

  /** Aborts every in-flight HTTP call (shutdown out of time): their attempts are recorded as failed and rescheduled. */
  abortInFlight(): number {
    for (const c of this.inFlight) c.abort();
    return this.inFlight.size;
  }

  private async attempt(id: string, bankCode: string, payload: BankNotificationBody): Promise<WebhookAttemptResult> {
    const startedAt = new Date();
    const fail = (error: string): WebhookAttemptResult => ({ ok: false, statusCode: null, error, startedAt, durationMs: 0 });
    const bank = await this.banks.get(bankCode);
    if (!bank) return fail(`bank ${bankCode} is not configured`);
    if (!bank.active) return fail(`bank ${bankCode} is inactive`);
    if (!bank.webhookUrl) return fail(`bank ${bankCode} has no webhook URL`);
    let secrets: string[];
    try {
      secrets = bank.sealedSecrets.map((v) => openBankSecret(this.cfg.secretBox, bank.id, v));
    } catch {
      return fail(`bank ${bankCode}: its secret does not open with SECRETS_KEY (set the key it was sealed with, or rotate the secret)`);
    }
    const abort = new AbortController();
    this.inFlight.add(abort);
    try {
      return await this.sender.send({
        url: bank.webhookUrl,
        id,
        body: JSON.stringify(payload),
        secrets,
        timeoutMs: this.cfg.deliveryTimeoutMs,
        signal: abort.signal,
      });
    } finally {
      this.inFlight.delete(abort);
    }
  }
}
