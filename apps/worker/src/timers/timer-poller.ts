import { Inject, Injectable } from '@nestjs/common';
import { WORKER_CONFIG, type WorkerConfig } from '../config/worker-config';
import { WORKER_LOGGER, type WorkerLogger } from '../common/logger';
import { SlaTimerProcessor } from '../sla/sla-timer.processor';
import { HoldTimerProcessor } from '../holds/hold-timer.processor';
import { RegulatoryTimerProcessor } from '../regulatory/regulatory-timer.processor';
import type { DueTimers } from './timer-processor';

/** Due moments claimed per transaction (one per case, a savepoint each). */
export const POLL_BATCH = 100;
/** While a backlog lasts (a full batch): this many loops side by side, each claiming BACKLOG_BATCH at a time. */
const POLL_LOOPS = 4;
const BACKLOG_BATCH = 5;
/** A case whose due moment had nothing to record (skipped, not yet) is left out of that kind's poll this long. */
const PASSED_OVER_MS = 10 * 60_000;
/** A case whose moment threw is left out this long (the rest of its batch was kept). */
const FAILED_RETRY_MS = 5_000;
/** After a failed poll (the database away) the next comes after this, doubling up to the poll interval (≤ 1 s). */
const BACKOFF_FIRST_MS = 250;
const BACKOFF_MAX_MS = 1_000;

/** What one poll did. */
export interface PollReport {
  /** warnings, breaches, hold alarms and expiries recorded */
  recorded: number;
  /** a kind's claim was full: more may be due, the next poll comes at once */
  full: boolean;
  /** a kind's poll failed (the database away?) */
  failed: boolean;
}

/**
 * Timers with the database as the truth: each worker polls due moments of SLA clocks, holds and regulatory clocks
 * every TIMER_POLL_MS, in batches (`TimerProcessor.fireDueBatch`: up to POLL_BATCH moments per transaction, their
 * cases locked `FOR UPDATE OF c SKIP LOCKED`, each recorded through the write path in a savepoint). A poll whose claim
 * was full goes on with POLL_LOOPS loops of small batches side by side until they find nothing more, so a backlog
 * (after an outage) drains in parallel without waiting for the interval; a failed poll is retried after 250 ms, doubling up to 1 s. BullMQ's delayed jobs still fire on time;
 * this catches the ones Redis lost (a flush, a restart without persistence, a SIGKILLed worker's job) within a poll
 * interval, without Redis and without waiting for the sweep. Exactly once: the plan records a moment only if it has
 * not been recorded, under the case row lock.
 */
@Injectable()
export class TimerPoller {
  private timer?: NodeJS.Timeout;
  private running?: Promise<PollReport>;
  private stopped = false;
  private backoffMs = 0;
  private readonly kinds: Array<{ name: string; timers: DueTimers; passedOver: Map<string, number> }>;

  constructor(
    sla: SlaTimerProcessor,
    holds: HoldTimerProcessor,
    regulatory: RegulatoryTimerProcessor,
    @Inject(WORKER_CONFIG) private readonly cfg: WorkerConfig,
    @Inject(WORKER_LOGGER) private readonly log: WorkerLogger,
  ) {
    this.kinds = [
      { name: 'sla', timers: sla, passedOver: new Map() },
      { name: 'holds', timers: holds, passedOver: new Map() },
      { name: 'regulatory', timers: regulatory, passedOver: new Map() },
    ];
  }

  /** Polls at once, then every TIMER_POLL_MS (0 = off). */
  start(): void {
    if (!this.cfg.timerPollMs || this.stopped) return;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(() => {
      void this.tick().then((r) => {
        if (this.stopped) return;
        this.backoffMs = r.failed ? Math.min(this.backoffMs ? this.backoffMs * 2 : BACKOFF_FIRST_MS, BACKOFF_MAX_MS, this.cfg.timerPollMs) : 0;
        this.schedule(r.failed ? this.backoffMs : r.full ? 0 : this.cfg.timerPollMs);
      });
    }, ms);
    this.timer.unref();
  }

  /** One poll: a batch of each kind of timer, side by side (each its own transaction). */
  async tick(): Promise<PollReport> {
    if (this.stopped) return { recorded: 0, full: false, failed: false };
    if (this.running) return this.running;
    this.running = (async () => {
      const reports = await Promise.all(this.kinds.map((k) => this.pollKind(k)));
      return reports.reduce((a, b) => ({ recorded: a.recorded + b.recorded, full: a.full || b.full, failed: a.failed || b.failed }));
    })();
    try {
      return await this.running;
    } finally {
      this.running = undefined;
    }
  }

  private async pollKind(k: (typeof this.kinds)[number]): Promise<PollReport> {
    const now = Date.now();
    for (const [id, until] of k.passedOver) if (until < now) k.passedOver.delete(id);
    let recorded = 0;
    /** One batch of at most `limit`; true when it was full (more may be due). */
    const batch = async (limit: number): Promise<boolean> => {
      const b = await k.timers.fireDueBatch(limit, { excludeCaseIds: [...k.passedOver.keys()] });
      for (const r of b.results) {
        if (r.outcome === 'not_yet' || r.outcome === 'skipped') {
          if (r.caseId) k.passedOver.set(r.caseId, Date.now() + PASSED_OVER_MS);
        } else recorded++;
      }
      for (const id of b.failedCaseIds) k.passedOver.set(id, Date.now() + FAILED_RETRY_MS);
      return b.full;
    };
    try {
      if (!(await batch(POLL_BATCH))) return { recorded, full: false, failed: false };
      // A backlog: small batches side by side (SKIP LOCKED gives each loop different cases), each loop going on
      // while its batches come back full. Under load a moment waits on a dozen round trips; several loops keep
      // several moments in flight instead of one.
      const loops = await Promise.allSettled(
        Array.from({ length: POLL_LOOPS }, async () => {
          while (!this.stopped && (await batch(BACKLOG_BATCH)));
        }),
      );
      const failed = loops.find((l): l is PromiseRejectedResult => l.status === 'rejected');
      if (failed) throw failed.reason;
      return { recorded, full: false, failed: false };
    } catch (e) {
      this.log.warn({ queue: 'timer-poll', timers: k.name, err: (e as Error).message }, 'timer poll failed (database away?); retrying shortly');
      return { recorded, full: false, failed: true };
    }
  }
}
