import { Inject, Injectable } from '@nestjs/common';
import { WORKER_CONFIG, type WorkerConfig } from '../config/worker-config';
import { WORKER_LOGGER, type WorkerLogger } from '../common/logger';
import { SlaTimerProcessor } from './sla-timer.processor';

/** A clock whose due moment had nothing to record (skipped, not yet) is left out of the poll this long. */
const PASSED_OVER_MS = 10 * 60_000;
/** Claim loops per worker: SKIP LOCKED hands each a different case, so a backlog of due moments drains in parallel. */
const POLL_LOOPS = 4;

/**
 * Timers with the database as the truth: every TIMER_POLL_MS each worker claims due clock moments
 * (`ClocksRepository.claimDueMoment`, `FOR UPDATE OF c SKIP LOCKED`) and records them through the write path, one
 * per transaction, until none is due. BullMQ's delayed jobs still fire on time; this catches the ones Redis lost (a
 * flush, a restart without persistence, a SIGKILLed worker's job) within a poll interval, without waiting for the
 * sweep. Exactly once: the plan records a moment only if the clock has not recorded it, under the case row lock.
 */
@Injectable()
export class TimerPoller {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private readonly passedOver = new Map<string, number>();

  constructor(
    private readonly sla: SlaTimerProcessor,
    @Inject(WORKER_CONFIG) private readonly cfg: WorkerConfig,
    @Inject(WORKER_LOGGER) private readonly log: WorkerLogger,
  ) {}

  start(): void {
    if (!this.cfg.timerPollMs) return;
    this.timer = setInterval(() => void this.tick(), this.cfg.timerPollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One poll: records every due moment (up to SWEEP_BATCH_SIZE). Returns how many were recorded. */
  async tick(): Promise<number> {
    if (this.running || this.stopped) return 0;
    let recorded = 0;
    let budget = this.cfg.sweepBatchSize;
    /** Claims and records one due moment; false when none is due (or the budget is spent). */
    const step = async (): Promise<boolean> => {
      if (budget-- <= 0 || this.stopped) return false;
      const r = await this.sla.fireNextDue([...this.passedOver.keys()]);
      if (!r) return false;
      if (r.outcome === 'warned' || r.outcome === 'breached') recorded++;
      else this.passedOver.set(r.clockId, Date.now() + PASSED_OVER_MS);
      return true;
    };
    const loop = async () => {
      while (await step());
    };
    const run = (async () => {
      const now = Date.now();
      for (const [id, until] of this.passedOver) if (until < now) this.passedOver.delete(id);
      // One claim first: when nothing is due (the usual case) a poll costs one claim, not POLL_LOOPS.
      if (await step()) await Promise.all(Array.from({ length: POLL_LOOPS }, loop));
    })();
    this.running = run;
    try {
      await run;
    } catch (e) {
      this.log.warn({ queue: 'timer-poll', err: (e as Error).message }, 'timer poll failed (database away?); next poll retries');
    } finally {
      this.running = undefined;
    }
    return recorded;
  }
}
