import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ROBOT_CHANNELS, type AlertChannel, type AlertDeliveryJob, type RobotChannel } from '@sentinel/contracts';
import { buildAlertMessage, messageLocale, routeAlerts, type MessageAlert, type RobotTarget, type UserAlertRouting } from '@sentinel/domain';
import { AlertDeliveriesRepository, AlertPreferencesRepository, endpointAad, type NewDelivery, type ScheduledDelivery } from '@sentinel/persistence';
import { SecretBox } from '@sentinel/outbound';
import { WORKER_CONFIG, type WorkerConfig } from '../config/worker-config';
import { nextAttemptDelayMs } from '../config/delivery-schedule';
import { WORKER_LOGGER, type WorkerLogger } from '../common/logger';
import { WorkerQueues } from '../queues/worker-queues';
import { AlertSenders } from './alert-senders';

/** The SecretBox of SECRETS_KEY (the API seals robot URLs and secrets with the same key). */
export const ALERT_SECRET_BOX = Symbol('ALERT_SECRET_BOX');

/** Alerts routed per dispatch transaction (the rest wait for the next dispatch). */
const DISPATCH_BATCH = 500;
const DUE_SLACK_MS = 250;

export type AlertDeliveryResult =
  | { outcome: 'skipped' }
  | { outcome: 'delivered' | 'failed' | 'dead'; attemptNo: number; error: string | null; nextAttemptAt?: string };

/**
 * Alert channels (docs/api.md "Alert channels"), queue `alert-channels`:
 * - `dispatch`: routes the alerts raised since (alerts.routed_at IS NULL, locked SKIP LOCKED) to their users' chosen
 *   channels in one transaction — a delivery per alert, or into the user's digest of that channel still collecting —
 *   then enqueues the deliveries opened. The in-console alert exists already: nothing here can hold it back.
 * - `deliver`: claims a due delivery, builds its message (the user's language), sends it, records the outcome:
 *   delivered, pending again after the next gap of ALERT_DELIVERY_SCHEDULE, or dead after the last attempt.
 * The sweep runs {@link relay}: dispatch, stuck deliveries back to pending, and a job for each due delivery without one.
 */
@Injectable()
export class AlertChannelsProcessor implements OnModuleDestroy {
  private readonly deliveries = new AlertDeliveriesRepository();
  private readonly prefs = new AlertPreferencesRepository();
  private readonly senders: AlertSenders;
  private readonly inFlight = new Set<AbortController>();

  constructor(
    private readonly ds: DataSource,
    private readonly queues: WorkerQueues,
    @Inject(ALERT_SECRET_BOX) private readonly box: SecretBox,
    @Inject(WORKER_CONFIG) private readonly cfg: WorkerConfig,
    @Inject(WORKER_LOGGER) private readonly log: WorkerLogger,
  ) {
    this.senders = new AlertSenders(cfg);
  }

  async dispatch(correlationId?: string): Promise<{ routed: number; opened: number }> {
    const now = new Date();
    const { routed, opened } = await this.ds.transaction(async (tx) => {
      const alerts = await this.deliveries.unrouted(tx, DISPATCH_BATCH);
      if (!alerts.length) return { routed: 0, opened: [] as ScheduledDelivery[] };
      const routing = new Map<string, UserAlertRouting>();
      for (const u of await this.prefs.routing(tx, [...new Set(alerts.map((a) => a.user_id))])) {
        if (!u.active || !u.routes) continue;
        const reachable = new Set<AlertChannel>(u.robots);
        if (this.cfg.smtpUrl) reachable.add('email');
        routing.set(u.user_id, { digestMinutes: u.digest_minutes ?? 0, routes: u.routes, reachable });
      }
      const messages = routeAlerts(alerts.map((a) => ({ id: a.id, userId: a.user_id, type: a.type })), routing, now);
      const opened = await this.deliveries.open(
        tx,
        messages.map((m): NewDelivery => ({ userId: m.userId, channel: m.channel, kind: m.digest ? 'digest' : 'alert', alertIds: m.alertIds, sendAt: m.sendAt })),
        now,
      );
      await this.deliveries.markRouted(tx, alerts.map((a) => a.id), now);
      return { routed: alerts.length, opened };
    });
    await this.enqueueAll(opened, correlationId);
    if (routed) this.log.info({ queue: 'alert-channels', routed, opened: opened.length }, 'alerts routed to channels');
    return { routed, opened: opened.length };
  }

  async deliver(data: AlertDeliveryJob, jobId?: string): Promise<AlertDeliveryResult> {
    const log = this.log.child({ queue: 'alert-channels', jobId, deliveryId: data.deliveryId, correlationId: data.correlationId });
    const d = await this.deliveries.claim(this.ds, data.deliveryId, new Date(), DUE_SLACK_MS);
    if (!d) return { outcome: 'skipped' };
    const attemptNo = d.attempt_count + 1;
    const abort = new AbortController();
    this.inFlight.add(abort);
    let result;
    try {
      result = await this.attempt(d.id, d.user_id, d.channel, d.kind, abort.signal);
    } finally {
      this.inFlight.delete(abort);
    }
    const delay = result.ok ? null : nextAttemptDelayMs(this.cfg.alertDeliveryScheduleMs, attemptNo, this.cfg.deliveryJitter);
    const at = new Date();
    const row = await this.deliveries.recordAttempt(this.ds, d.id, { ...result, at, nextAttemptAt: delay === null ? null : new Date(at.getTime() + delay) });
    const clog = log.child({ channel: d.channel, kind: d.kind, attemptNo });
    if (!row) return { outcome: 'skipped' };
    if (row.status === 'delivered') {
      clog.info('alert delivery sent');
      return { outcome: 'delivered', attemptNo, error: null };
    }
    if (row.status === 'dead') {
      clog.warn({ error: result.error }, 'alert delivery dead after the last attempt');
      return { outcome: 'dead', attemptNo, error: result.error };
    }
    await this.enqueueAll([{ id: row.id, attemptCount: row.attempt_count, nextAttemptAt: row.next_attempt_at! }], data.correlationId);
    clog.info({ error: result.error, nextAttemptAt: row.next_attempt_at?.toISOString() }, 'alert delivery failed; retry scheduled');
    return { outcome: 'failed', attemptNo, error: result.error, nextAttemptAt: row.next_attempt_at?.toISOString() };
  }

  /** The sweep's part: route what is waiting, recover deliveries whose worker died, relay due ones without a job. */
  async relay(now = new Date()): Promise<{ routed: number; recovered: number; relayed: number }> {
    const { routed } = await this.dispatch();
    const stuckBefore = new Date(now.getTime() - this.cfg.alertDeliveryTimeoutMs - this.cfg.deliveryStuckMarginMs);
    const recovered = await this.deliveries.recoverStuck(this.ds, stuckBefore, now, this.cfg.sweepBatchSize);
    await this.enqueueAll(recovered);
    let relayed = 0;
    for (const d of await this.deliveries.due(this.ds, new Date(now.getTime() - 500), this.cfg.sweepBatchSize)) {
      if (await this.queues.relayAlertDelivery(d).catch(() => null)) relayed++;
    }
    return { routed, recovered: recovered.length, relayed };
  }

  private async attempt(id: string, userId: string, channel: AlertChannel, kind: 'alert' | 'digest' | 'test', signal: AbortSignal) {
    const recipient = await this.deliveries.recipient(this.ds, userId);
    if (!recipient?.active) return { ok: false, statusCode: null, error: 'the user is inactive' };
    const alerts: MessageAlert[] = (await this.deliveries.alertsOf(this.ds, id)).map((a) => ({
      id: a.id,
      type: a.type,
      caseId: a.case_id,
      caseReference: a.case_reference,
      stage: a.stage,
      createdAt: a.created_at,
    }));
    const message = buildAlertMessage({ kind, alerts, locale: messageLocale(recipient.locale), digestMinutes: recipient.digest_minutes ?? 0, consoleUrl: this.cfg.consoleUrl });
    let robot: RobotTarget | null = null;
    if ((ROBOT_CHANNELS as readonly string[]).includes(channel)) {
      const rc = channel as RobotChannel;
      const e = await this.prefs.endpoint(this.ds, userId, rc);
      if (e) {
        try {
          robot = {
            channel: rc,
            url: this.box.open(e.url_sealed, endpointAad(userId, rc, 'url')),
            secret: e.secret_sealed ? this.box.open(e.secret_sealed, endpointAad(userId, rc, 'secret')) : null,
          };
        } catch {
          return { ok: false, statusCode: null, error: 'the stored URL cannot be opened (SECRETS_KEY changed?): save it again' };
        }
      }
    }
    return this.senders.send({ channel, deliveryId: id, kind, message, alerts, email: recipient.email, robot, signal });
  }

  private async enqueueAll(list: ScheduledDelivery[], correlationId?: string): Promise<void> {
    for (const d of list) {
      await this.queues.enqueueAlertDelivery(d, correlationId).catch((e: Error) => this.log.warn({ deliveryId: d.id, err: e.message }, 'alert delivery not enqueued (Redis?); the sweep relays it when due'));
    }
  }

  /** Aborts HTTP calls still running (shutdown out of time): their attempts are recorded as failed and retried. */
  abortInFlight(): number {
    for (const c of this.inFlight) c.abort();
    return this.inFlight.size;
  }

  async onModuleDestroy(): Promise<void> {
    await this.senders.close();
  }
}
