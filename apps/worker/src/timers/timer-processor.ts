import { DelayedError, type Job } from 'bullmq';
import type { DataSource, EntityManager } from 'typeorm';
import { jobIds, type SlaTimerKind } from '@sentinel/contracts';
import { inSavepoint, SavepointLost, type ClaimedMoments } from '@sentinel/persistence';
import type { WorkerLogger } from '../common/logger';
import type { TimerQueueName, WorkerQueues } from '../queues/worker-queues';

/** Who woke a timer up: its BullMQ job, the sweep, or the database poll (`TimerPoller`). */
export type TimerSource = 'timer' | 'sweep' | 'poll';

/** The outcome every timer shares: its moment has not come (a policy change or a renewal moved it later). */
export interface NotYetResult {
  outcome: 'not_yet';
  caseId: string;
  kind: SlaTimerKind;
  nextAt: Date;
}

export type TimerResult = NotYetResult | { outcome: string; caseId?: string };

/** What one poll of a kind of timer did. */
export interface DueBatch<R> {
  /** one per moment claimed and run, in claim order (recorded, or found with nothing to record) */
  results: R[];
  /** cases whose moment threw: rolled back to its savepoint, the rest of the batch kept */
  failedCaseIds: string[];
  /** the claim hit its limit: more may be due */
  full: boolean;
}

export interface DueBatchOptions {
  /** cases left out of the claim (found with nothing to record, or failing) */
  excludeCaseIds?: string[];
  /** the batch's time budget (default BATCH_MAX_MS) */
  maxMs?: number;
  /** who asked: the poll (default) or the sweep */
  source?: Extract<TimerSource, 'poll' | 'sweep'>;
}

const JOB_ID: Record<TimerQueueName, (subjectId: string, kind: SlaTimerKind, atMs: number) => string> = {
  'sla-timers': jobIds.slaTimer,
  'hold-timers': jobIds.holdTimer,
  'regulatory-timers': jobIds.regulatoryTimer,
};

/** The label of a wake-up's logs: the timer's queue, the poll, or the sweep. */
export function timerLogQueue(queue: TimerQueueName, source: TimerSource): string {
  return source === 'timer' ? queue : source === 'poll' ? 'timer-poll' : 'maintenance';
}

/** A batch stops running its claimed moments this long after the claim and commits (the rest is claimed again). */
const BATCH_MAX_MS = 500;

const isNotYet = (r: TimerResult): r is NotYetResult => r.outcome === 'not_yet';

/**
 * What SLA, hold and regulatory timers share (each subclass says how its change is run and what it logs). A wake-up
 * only: the change runs through the write path (the case loaded under its lock → the plan in libs/domain → applied
 * in the same transaction), and the plan records a moment exactly once, so every wake-up — the BullMQ job, the
 * sweep, the database poll, in any number and concurrently — is safe.
 *
 * - `handle`: the BullMQ job. One that comes before its moment re-arms a timer for the new moment under the API's
 *   id scheme (a finished job with that id is removed first), or, when that id is this very job (host clocks
 *   disagree by a few ms), moves this job to delayed.
 * - `fire`: one moment in its own transaction (the job, the sweep).
 * - `fireDueBatch`: the poll. Claims up to `limit` due moments, one per case, their case rows locked `FOR UPDATE OF c
 *   SKIP LOCKED` (two workers take different cases), and runs each in a savepoint of the same transaction, so one
 *   that throws is rolled back alone and the batch commits. What the changes want sent goes after the commit.
 */
export abstract class TimerProcessor<J extends { kind: SlaTimerKind }, R extends TimerResult> {
  protected abstract readonly queue: TimerQueueName;

  constructor(
    protected readonly ds: DataSource,
    protected readonly queues: WorkerQueues,
    protected readonly log: WorkerLogger,
  ) {}

  /** The clock or hold a job is for. */
  protected abstract subjectOf(job: J): string;
  /** Runs the timer's change for one moment through the write path, in `tx`. */
  protected abstract fireIn(tx: EntityManager, subjectId: string, kind: SlaTimerKind, now: Date): Promise<R>;
  /** The poll's claim (the repository's `claimDueMoments`). */
  protected abstract claimDue(tx: EntityManager, now: Date, limit: number, excludeCaseIds: string[]): Promise<ClaimedMoments>;
  /** After the commit: metrics, logs, and what the change wants sent. Must not throw for a failed send. */
  protected abstract committed(result: R, kind: SlaTimerKind, source: TimerSource, jobId?: string): Promise<void>;

  /** BullMQ entry point. */
  async handle(job: Job<J>, token?: string): Promise<R> {
    const subjectId = this.subjectOf(job.data);
    const result = await this.fire(subjectId, job.data.kind, 'timer', job.id);
    if (isNotYet(result)) {
      const sameId = JOB_ID[this.queue](subjectId, result.kind, result.nextAt.getTime()) === job.id;
      if (sameId && token) {
        await job.moveToDelayed(result.nextAt.getTime(), token);
        throw new DelayedError();
      }
      const rearmed = await this.queues.armTimer(this.queue, subjectId, result.kind, result.nextAt);
      this.log.debug({ queue: this.queue, jobId: job.id, subjectId, caseId: result.caseId, kind: job.data.kind, nextAt: result.nextAt.toISOString(), rearmed }, 'timer fired early; re-armed for its moment');
    }
    return result;
  }

  /** Records the moment a wake-up is for, if it has come. Safe to call any number of times, concurrently. */
  async fire(subjectId: string, kind: SlaTimerKind, source: TimerSource, jobId?: string): Promise<R> {
    const now = new Date();
    const result = await this.ds.transaction((tx) => this.fireIn(tx, subjectId, kind, now));
    await this.committed(result, kind, source, jobId);
    return result;
  }

  /**
   * The timer poll's step (the database is the truth; Redis may have lost the job): claims up to `limit` due moments
   * whose cases no other transaction holds and records them, a savepoint each, in one transaction. Throws when the
   * transaction fails (the database away): nothing of the batch is kept then, and the next poll claims it again.
   * A batch commits at most `maxMs` (BATCH_MAX_MS) after its claim plus its last moment, so a breach is visible soon
   * after it is recorded: the moments not reached are left for the next claim (`full`). The first always runs.
   */
  async fireDueBatch(limit: number, opts: DueBatchOptions = {}): Promise<DueBatch<R>> {
    const { excludeCaseIds = [], maxMs = BATCH_MAX_MS, source = 'poll' } = opts;
    const done: Array<{ result: R; kind: SlaTimerKind }> = [];
    const failedCaseIds: string[] = [];
    const { full } = await this.ds.transaction(async (tx) => {
      const claimed = await this.claimDue(tx, new Date(), limit, excludeCaseIds);
      const until = Date.now() + maxMs;
      for (const m of claimed.moments) {
        if (done.length + failedCaseIds.length > 0 && Date.now() > until) {
          // Commit what is recorded (a moment counts once committed); the rest is claimed again at once.
          return { full: true };
        }
        try {
          // Each moment's own time: its event says when it was recorded, not when the batch was claimed. A moment that
          // fails is rolled back alone (a rollback that fails too, the connection gone, fails the batch).
          const result = await inSavepoint(tx, () => this.fireIn(tx, m.id, m.kind, new Date()), 'timer_moment');
          done.push({ result, kind: m.kind });
        } catch (e) {
          if (e instanceof SavepointLost) throw e;
          failedCaseIds.push(m.caseId);
          this.log.error({ queue: timerLogQueue(this.queue, source), timers: this.queue, subjectId: m.id, caseId: m.caseId, kind: m.kind, err: (e as Error).message }, 'recording a due moment failed; the rest of the batch is kept');
        }
      }
      return { full: claimed.full };
    });
    let alerts = false;
    for (const d of done) {
      await this.committed(d.result, d.kind, source).catch((e: Error) => this.log.warn({ queue: timerLogQueue(this.queue, source), timers: this.queue, err: e.message }, 'after-commit step failed'));
      alerts ||= ['warned', 'breached', 'expired'].includes(d.result.outcome);
    }
    // Timer alerts go to their users' channels at once (the sweep dispatches anyway, so a failure only waits for it).
    if (alerts) await this.queues.requestAlertDispatch().catch(() => undefined);
    return { results: done.map((d) => d.result), failedCaseIds, full };
  }
}

/** Any kind of timer, as the poll and the sweep drive it. */
export type DueTimers = Pick<TimerProcessor<{ kind: SlaTimerKind }, TimerResult>, 'fireDueBatch'>;
