import type { DataSource } from 'typeorm';
import type { DeliveryAttemptChange, DeliveryResult } from '@sentinel/domain';
import type { CaseWriter } from '@sentinel/persistence';
import type { WorkerLogger } from '../common/logger';

/** A group is recorded once this many results wait … */
export const GROUP_MAX = 20;
/** … or this long after its first result came, whichever is first. */
export const GROUP_WAIT_MS = 5;
/** Groups being recorded at once; results that come meanwhile wait for the next (so groups grow when the database is slow). */
const GROUPS_IN_FLIGHT = 2;

export interface RecordedAttempt {
  applied: DeliveryResult;
  alertsRaised: number;
}

interface Waiting {
  caseId: string;
  change: DeliveryAttemptChange;
  now: Date;
  resolve: (r: RecordedAttempt) => void;
  reject: (e: unknown) => void;
}

type Change = Awaited<ReturnType<CaseWriter['change']>>;

/**
 * Group commit of delivery results: a PostgreSQL commit waits for its WAL flush, and every statement costs the
 * shared database a parse and a plan, so the results of deliveries finishing close together are recorded in ONE
 * transaction through the write path — their cases locked in one read (id order), one `delivery_attempt` plan each,
 * one `applyMany` — instead of five round trips and a flush each. A result resolves only once its transaction
 * committed. One result per case in a group (a second one waits for the next group). A result whose plan threw or
 * whose case was not found, and every result of a group whose transaction failed, is recorded again in its own
 * transaction (`CaseWriter.change`, as a lone result is): nothing is lost, and nothing is doubled — a group that
 * failed wrote nothing, and a result recorded twice after an unknown commit outcome is `unchanged` the second time.
 */
export class DeliveryRecorder {
  private waiting: Waiting[] = [];
  private timer?: NodeJS.Timeout;
  private inFlight = 0;

  constructor(
    private readonly ds: DataSource,
    private readonly writer: CaseWriter,
    private readonly log: WorkerLogger,
    private readonly opts: { max: number; waitMs: number } = { max: GROUP_MAX, waitMs: GROUP_WAIT_MS },
  ) {}

  record(caseId: string, change: DeliveryAttemptChange, now: Date): Promise<RecordedAttempt> {
    return new Promise<RecordedAttempt>((resolve, reject) => {
      this.waiting.push({ caseId, change, now, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (!this.waiting.length || this.inFlight >= GROUPS_IN_FLIGHT) return;
    if (this.waiting.length >= this.opts.max) {
      this.flushNow();
      return;
    }
    this.timer ??= setTimeout(() => this.flushNow(), this.opts.waitMs);
  }

  private flushNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const group: Waiting[] = [];
    const cases = new Set<string>();
    const later: Waiting[] = [];
    for (const w of this.waiting) {
      if (group.length < this.opts.max && !cases.has(w.caseId)) {
        group.push(w);
        cases.add(w.caseId);
      } else later.push(w);
    }
    this.waiting = later;
    this.inFlight++;
    void this.recordGroup(group).finally(() => {
      this.inFlight--;
      // Results that came while this group was being recorded have waited already: their group starts at once.
      if (this.waiting.length && this.inFlight < GROUPS_IN_FLIGHT) this.flushNow();
      else this.schedule();
    });
    this.schedule();
  }

  private async recordGroup(group: Waiting[]): Promise<void> {
    if (group.length === 1) return this.alone(group[0]);
    let done: Awaited<ReturnType<CaseWriter['changeMany']>>;
    try {
      done = await this.ds.transaction((tx) =>
        this.writer.changeMany(
          tx,
          { notificationIds: group.map((w) => w.change.notificationId) },
          group.map((w) => ({ caseId: w.caseId, change: w.change, now: w.now })),
        ),
      );
    } catch (e) {
      this.log.warn({ queue: 'notifications', results: group.length, err: (e as Error).message }, 'recording a group of delivery results failed; each is recorded on its own');
      await Promise.all(group.map((w) => this.alone(w)));
      return;
    }
    await Promise.all(
      group.map((w, i) => {
        const d = done[i];
        if (d && 'plan' in d) return settle(w, () => recordedOf(d, w.change.notificationId));
        return this.alone(w);
      }),
    );
  }

  private alone(w: Waiting): Promise<void> {
    return settle(w, async () => recordedOf(await this.ds.transaction((tx) => this.writer.change(tx, { notificationId: w.change.notificationId }, w.change, w.now)), w.change.notificationId));
  }
}

async function settle(w: Waiting, fn: () => RecordedAttempt | Promise<RecordedAttempt>): Promise<void> {
  try {
    w.resolve(await fn());
  } catch (e) {
    w.reject(e);
  }
}

function recordedOf(done: Change, notificationId: string): RecordedAttempt {
  if (done?.plan.result?.kind !== 'delivery') throw new Error(`notification ${notificationId} vanished while recording its delivery attempt`);
  return { applied: done.plan.result, alertsRaised: done.applied.alertsRaised };
}
