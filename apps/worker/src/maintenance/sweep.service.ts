import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CaseWriter, MaintenanceRepository, NotificationsRepository } from '@sentinel/persistence';
import { WORKER_CONFIG, type WorkerConfig } from '../config/worker-config';
import { WORKER_LOGGER, type WorkerLogger } from '../common/logger';
import { WorkerQueues } from '../queues/worker-queues';
import { WorkerMetrics } from '../ops/worker-metrics';
import { SlaTimerProcessor } from '../sla/sla-timer.processor';
import { AuditCheckpointService } from './audit-checkpoint.service';
import { HoldTimerProcessor } from '../holds/hold-timer.processor';
import { RegulatoryTimerProcessor } from '../regulatory/regulatory-timer.processor';
import { AlertChannelsProcessor } from '../alert-channels/alert-channels.processor';
import type { DueTimers } from '../timers/timer-processor';
import { POLL_BATCH } from '../timers/timer-poller';

export interface SweepReport {
  ran: boolean;
  /** Why it did not run (another replica holds the lock). */
  skipped?: 'locked';
  recovered: number;
  relayed: number;
  relayFailed: number;
  slaRecorded: number;
  /** hold alarms and expiries recorded by the sweep (their timers were lost or late) */
  holdsRecorded: number;
  /** regulatory warnings and breaches recorded by the sweep */
  regulatoryRecorded: number;
  freezeNoticeAlerts: number;
  /** seq of the audit checkpoint this sweep wrote (it was due) */
  checkpointSeq?: number;
  /** alert channels: alerts routed, deliveries recovered and relayed */
  alertsRouted: number;
  alertDeliveriesRelayed: number;
  durationMs: number;
}

/** Rows due less than this long ago are left to their regular job (the API enqueues right after commit). */
const RELAY_GRACE_MS = 500;

/**
 * The maintenance sweep (queue `maintenance`, a BullMQ job scheduler every SWEEP_INTERVAL_MS, plus a local
 * watchdog when the scheduler stops firing). Only one replica runs it at a time: the whole sweep holds
 * `pg_try_advisory_xact_lock` in a transaction of its own (a replica that does not get it skips).
 *
 * 1. stuck deliveries: rows `delivering` for longer than DELIVERY_TIMEOUT_MS + DELIVERY_STUCK_MARGIN_MS go back
 *    to pending (their worker died);
 * 2. relay: pending rows due now without a live job get one (deterministic ids: re-adding is a no-op). This is
 *    what makes a Redis flush, a Redis outage during the API's enqueue, or a lost next-attempt job harmless;
 * 3. timers: SLA clocks whose warning or due moment passed unrecorded, active holds whose alarm or expiry did,
 *    running regulatory clocks (also of closed cases): claimed and recorded in the timer poll's batches (the timer's
 *    own code path, `TimerProcessor.fireDueBatch`) — a backstop for TIMER_POLL_MS=0;
 * 4. merchant notices: `freeze_notice.missing` alerts (at most every FREEZE_NOTICE_CHECK_INTERVAL_MS), each
 *    candidate case checked through the write path (`freeze_notice_check`).
 * 5. audit checkpoints: a signed checkpoint when the latest is older than AUDIT_CHECKPOINT_INTERVAL.
 * Each item runs in its own short transaction (timer moments: a savepoint each in a batch); a failing item is logged
 * and the sweep goes on.
 */
@Injectable()
export class SweepService {
  private lastFreezeNoticeCheck = 0;

  constructor(
    private readonly ds: DataSource,
    private readonly notifications: NotificationsRepository,
    private readonly maintenance: MaintenanceRepository,
    private readonly writer: CaseWriter,
    private readonly queues: WorkerQueues,
    private readonly sla: SlaTimerProcessor,
    private readonly holdTimers: HoldTimerProcessor,
    private readonly regulatoryTimers: RegulatoryTimerProcessor,
    private readonly metrics: WorkerMetrics,
    private readonly checkpoints: AuditCheckpointService,
    private readonly alertChannels: AlertChannelsProcessor,
    @Inject(WORKER_CONFIG) private readonly cfg: WorkerConfig,
    @Inject(WORKER_LOGGER) private readonly log: WorkerLogger,
  ) {}

  async run(trigger: 'scheduler' | 'watchdog' | 'startup', jobId?: string): Promise<SweepReport> {
    const started = performance.now();
    const report: SweepReport = { ran: false, recovered: 0, relayed: 0, relayFailed: 0, slaRecorded: 0, holdsRecorded: 0, regulatoryRecorded: 0, freezeNoticeAlerts: 0, alertsRouted: 0, alertDeliveriesRelayed: 0, durationMs: 0 };
    const lockRunner = this.ds.createQueryRunner();
    await lockRunner.connect();
    try {
      await lockRunner.startTransaction();
      if (!(await this.maintenance.tryLockSweep(lockRunner))) {
        report.skipped = 'locked';
        return report;
      }
      report.ran = true;
      await this.recoverStuck(report);
      await this.relay(report);
      await this.sweepTimers(report);
      await this.freezeNotices(report);
      await this.checkpoint(report);
      await this.alertChannelsRelay(report);
    } finally {
      await lockRunner.commitTransaction().catch(() => undefined);
      await lockRunner.release();
      report.durationMs = Math.round(performance.now() - started);
      if (report.ran) {
        this.metrics.sweepDuration.observe(report.durationMs / 1000);
        const did = report.recovered + report.relayed + report.relayFailed + report.slaRecorded + report.holdsRecorded + report.regulatoryRecorded + report.freezeNoticeAlerts + report.alertsRouted + report.alertDeliveriesRelayed;
        this.log[did ? 'info' : 'debug']({ queue: 'maintenance', jobId, trigger, ...report }, 'sweep done');
      }
    }
    return report;
  }

  private async checkpoint(report: SweepReport): Promise<void> {
    try {
      const written = await this.checkpoints.runIfDue();
      if (written) report.checkpointSeq = written.checkpoint.seq;
    } catch (e) {
      this.log.error({ queue: 'maintenance', err: (e as Error).message }, 'audit checkpoint failed; the next sweep tries again');
    }
  }

  private async recoverStuck(report: SweepReport): Promise<void> {
    const now = new Date();
    const stuckBefore = new Date(now.getTime() - this.cfg.deliveryTimeoutMs - this.cfg.deliveryStuckMarginMs);
    const rows = await this.notifications.recoverStuck(this.ds, stuckBefore, now, this.cfg.sweepBatchSize);
    for (const r of rows) {
      this.log.warn(
        { queue: 'maintenance', outboxId: r.id, caseId: r.caseId, generation: r.generation, attemptNo: r.attemptCount + 1, stuckSince: r.stuckSince.toISOString() },
        'delivery was left in flight (worker stopped?); back to pending for redelivery',
      );
    }
    report.recovered = rows.length;
    if (rows.length) this.metrics.sweepItems.inc({ kind: 'recovered' }, rows.length);
  }

  private async relay(report: SweepReport): Promise<void> {
    const now = new Date();
    const due = await this.notifications.findDue(this.ds, new Date(now.getTime() - RELAY_GRACE_MS), this.cfg.sweepBatchSize);
    const enqueued: string[] = [];
    for (const n of due) {
      try {
        const jobId = await this.queues.relayDelivery(n);
        if (jobId) {
          enqueued.push(n.id);
          this.log.info({ queue: 'notifications', jobId, outboxId: n.id, caseId: n.caseId }, 'relay: enqueued a due notification that had no live job');
        }
      } catch (e) {
        report.relayFailed += 1;
        this.log.warn({ queue: 'notifications', outboxId: n.id, err: (e as Error).message }, 'relay: could not enqueue (Redis?)');
      }
    }
    await this.notifications.markEnqueued(this.ds, enqueued, now);
    report.relayed = enqueued.length;
    if (enqueued.length) this.metrics.sweepItems.inc({ kind: 'relayed' }, enqueued.length);
  }

  /**
   * 3. timers whose moment passed unrecorded (their jobs lost or late) — SLA clocks, holds, regulatory clocks (also
   * of closed cases): through the poll's batches (`fireDueBatch`, cases another transaction holds are left to it),
   * up to SWEEP_BATCH_SIZE moments of each kind.
   */
  private async sweepTimers(report: SweepReport): Promise<void> {
    const kinds = [
      { timers: this.sla, field: 'slaRecorded', metric: 'sla' },
      { timers: this.holdTimers, field: 'holdsRecorded', metric: 'hold' },
      { timers: this.regulatoryTimers, field: 'regulatoryRecorded', metric: 'regulatory' },
    ] as const;
    for (const k of kinds) {
      const timers: DueTimers = k.timers;
      const passedOver: string[] = [];
      try {
        for (let budget = this.cfg.sweepBatchSize; budget > 0; ) {
          const batch = await timers.fireDueBatch(Math.min(POLL_BATCH, budget), { excludeCaseIds: passedOver, source: 'sweep' });
          budget -= batch.results.length + batch.failedCaseIds.length;
          for (const r of batch.results) {
            if (r.outcome === 'not_yet' || r.outcome === 'skipped') {
              if (r.caseId) passedOver.push(r.caseId);
            } else report[k.field] += 1;
          }
          passedOver.push(...batch.failedCaseIds);
          if (!batch.full) break;
        }
      } catch (e) {
        this.log.error({ queue: 'maintenance', timers: k.metric, err: (e as Error).message }, 'sweep: recording due timer moments failed');
      }
      if (report[k.field]) this.metrics.sweepItems.inc({ kind: k.metric }, report[k.field]);
    }
  }

  /** 5. alert channels: route alerts not yet routed, recover and relay their deliveries (a failure never stops the sweep). */
  private async alertChannelsRelay(report: SweepReport): Promise<void> {
    try {
      const r = await this.alertChannels.relay();
      report.alertsRouted = r.routed;
      report.alertDeliveriesRelayed = r.recovered + r.relayed;
    } catch (e) {
      this.log.error({ queue: 'maintenance', err: (e as Error).message }, 'alert channel relay failed');
    }
  }

  private async freezeNotices(report: SweepReport): Promise<void> {
    const nowMs = Date.now();
    if (nowMs - this.lastFreezeNoticeCheck < this.cfg.freezeNoticeCheckIntervalMs) return;
    this.lastFreezeNoticeCheck = nowMs;
    const now = new Date(nowMs);
    const candidates = await this.maintenance.freezeNoticeCandidates(this.ds, new Date(nowMs - this.cfg.freezeNoticeGraceMs), this.cfg.sweepBatchSize);
    const alerted: string[] = [];
    for (const caseId of candidates) {
      const done = await this.ds.transaction((tx) =>
        this.writer.change(tx, { id: caseId }, { kind: 'freeze_notice_check', graceMs: this.cfg.freezeNoticeGraceMs }, now),
      );
      if (done && done.applied.alertsRaised > 0) alerted.push(caseId);
    }
    for (const caseId of alerted) this.log.info({ queue: 'maintenance', caseId }, 'merchant notice missing after a confirmed freeze: supervisors alerted');
    report.freezeNoticeAlerts = alerted.length;
    if (alerted.length) this.metrics.sweepItems.inc({ kind: 'freeze_notice' }, alerted.length);
  }
}
