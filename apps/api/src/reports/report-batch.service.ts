import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { BatchReportResult } from '@sentinel/contracts';
import type { Wakeups } from '@sentinel/persistence';
import { ReportsRepository } from '@sentinel/persistence';
import type { Actor } from '../auth/actor';
import { toProblem } from '../common/problem-details.filter';
import { ProblemException, validationFailed } from '../common/problem.exception';
import { createValidationPipe } from '../common/validation.pipe';
import { WakeupPublisher } from '../jobs/wakeup.publisher';
import { CreateReportDto } from './create-report.dto';
import { IntakeItemRefused, ReportsService, type PreparedReport } from './reports.service';

/** Most items of one `POST /api/reports/batch` (docs/api.md "Reports and cases"). */
export const MAX_BATCH_ITEMS = 1000;
/** Items committed together: one transaction, one lock statement, one wake-up publish per chunk. */
export const BATCH_CHUNK = 100;
/** A chunk that keeps meeting bad items is run one item per transaction after this many rollbacks. */
const MAX_CHUNK_ROLLBACKS = 3;

interface Pending {
  index: number;
  prepared: PreparedReport;
}

type Outcome = { index: number; result: BatchReportResult };

/** A transient conflict between transactions (deadlock, serialization): the chunk is simply run again. */
const isRetryable = (e: unknown) => {
  const code = (e as { code?: unknown; driverError?: { code?: unknown } })?.driverError?.code ?? (e as { code?: unknown })?.code;
  return code === '40P01' || code === '40001';
};

/**
 * `POST /api/reports/batch`: each item judged exactly as if posted alone (the same validation pipe, `prepare` and
 * planning as `POST /api/reports`), applied in order and committed in chunks of `BATCH_CHUNK`, each chunk through
 * `ReportsService.intakeMany` (its facts read in one statement and its plans applied with multi-row statements per round). A bad item never
 * fails or half-writes the others: an item refused inside a chunk rolls the chunk back, and the chunk runs again
 * without it (its prefix is the same, so it is refused the same way). Wake-ups of a chunk are published after its
 * commit; if Redis is away the worker's sweep finds the pending notifications and due clocks.
 */
@Injectable()
export class ReportBatchService {
  private readonly logger = new Logger(ReportBatchService.name);
  private readonly pipe = createValidationPipe();

  constructor(
    private readonly ds: DataSource,
    private readonly reports: ReportsService,
    private readonly repo: ReportsRepository,
    private readonly wakeups: WakeupPublisher,
  ) {}

  async submit(body: unknown, actor: Actor, correlationId?: string): Promise<BatchReportResult[]> {
    const items = (body as { reports?: unknown } | null)?.reports;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw validationFailed({ reports: { code: 'REQUIRED', message: 'is required' } });
    const unknown = Object.keys(body).filter((k) => k !== 'reports');
    if (unknown.length) throw new ProblemException('REQUEST.UNKNOWN_FIELD', `Unknown field${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`, { fields: unknown });
    if (!Array.isArray(items)) throw validationFailed({ reports: { code: items === undefined ? 'REQUIRED' : 'INVALID_TYPE', message: items === undefined ? 'is required' : 'must be an array' } });
    if (items.length === 0) throw validationFailed({ reports: { code: 'TOO_FEW', message: 'must hold at least 1 report' } });
    if (items.length > MAX_BATCH_ITEMS) {
      throw new ProblemException('REQUEST.TOO_LARGE', `A batch holds at most ${MAX_BATCH_ITEMS} reports (got ${items.length}); split it`, { maxItems: MAX_BATCH_ITEMS, items: items.length });
    }
    const results: BatchReportResult[] = new Array(items.length);
    const pending: Pending[] = [];
    for (const [index, item] of items.entries()) {
      try {
        pending.push({ index, prepared: await this.prepareItem(item, actor) });
      } catch (e) {
        results[index] = problemResult(index, e);
      }
    }
    // A chunk's wake-ups are published after its commit while the next chunk runs (in order, one publish at a
    // time); the request answers once every publish is done, also when a later chunk fails.
    let publishing = Promise.resolve();
    const publish = (w: Wakeups) => {
      publishing = publishing.then(() => this.wakeups.publish(w, correlationId)).catch((e: unknown) => this.logger.warn(`batch wake-ups not published: ${String(e)}`));
    };
    try {
      for (let i = 0; i < pending.length; i += BATCH_CHUNK) {
        for (const o of await this.runChunk(pending.slice(i, i + BATCH_CHUNK), actor, publish, correlationId)) results[o.index] = o.result;
      }
    } finally {
      await publishing;
    }
    return results;
  }

  /** Shape (the production validation pipe), then `prepare` — the item's key is a field, not part of its hashed body. */
  private async prepareItem(item: unknown, actor: Actor): Promise<PreparedReport> {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) throw validationFailed({ item: { code: 'INVALID_TYPE', message: 'must be an object' } });
    const { idempotencyKey, ...report } = item as Record<string, unknown>;
    const dto = (await this.pipe.transform(report, { type: 'body', metatype: CreateReportDto })) as CreateReportDto;
    if (idempotencyKey === undefined || idempotencyKey === null || idempotencyKey === '') {
      throw validationFailed({ idempotencyKey: { code: 'REQUIRED', message: 'is required' } });
    }
    if (typeof idempotencyKey !== 'string') throw validationFailed({ idempotencyKey: { code: 'INVALID_TYPE', message: 'must be a string' } });
    return this.reports.prepare(dto, report, actor, idempotencyKey, 'idempotencyKey');
  }

  private async runChunk(chunk: Pending[], actor: Actor, publish: (w: Wakeups) => void, correlationId?: string): Promise<Outcome[]> {
    const refused: Outcome[] = [];
    let live = chunk;
    for (let attempt = 0; live.length; attempt++) {
      if (attempt >= MAX_CHUNK_ROLLBACKS + 3) return [...refused, ...(await this.oneByOne(live, actor, correlationId))];
      try {
        const { outcomes, wakeups } = await this.ds.transaction(async (tx) => {
          await this.repo.lockIntakeMany(tx, live.map((p) => p.prepared));
          let done;
          try {
            done = await this.reports.intakeMany(tx, live.map((p) => p.prepared), actor);
          } catch (e) {
            if (e instanceof IntakeItemRefused) throw new ItemRefused(live[e.position].index, e.error);
            throw e;
          }
          const outcomes: Outcome[] = done.map((r, k) => ({ index: live[k].index, result: okResult(live[k].index, r.result.body, r.result.replayed) }));
          const wakeups = done.flatMap((r) => (r.wakeups ? [r.wakeups] : []));
          return { outcomes, wakeups };
        });
        publish(mergeWakeups(wakeups));
        return [...refused, ...outcomes];
      } catch (e) {
        if (e instanceof ItemRefused && toProblem(e.error).problem.status < 500) {
          refused.push({ index: e.index, result: problemResult(e.index, e.error) });
          live = live.filter((p) => p.index !== e.index);
          if (refused.length > MAX_CHUNK_ROLLBACKS) return [...refused, ...(await this.oneByOne(live, actor, correlationId))];
          continue;
        }
        const cause = e instanceof ItemRefused ? e.error : e;
        if (isRetryable(cause)) continue;
        // The database away (503) or a bug: the request fails; committed chunks stay, and a retry replays them by key.
        throw cause;
      }
    }
    return refused;
  }

  /** Each item in its own transaction, exactly as `POST /api/reports` would run it. */
  private async oneByOne(items: Pending[], actor: Actor, correlationId?: string): Promise<Outcome[]> {
    const out: Outcome[] = [];
    for (const p of items) {
      try {
        const { result, wakeups } = await this.ds.transaction((tx) => this.reports.intakeIn(tx, p.prepared, actor));
        if (wakeups) await this.wakeups.publish(wakeups, correlationId);
        out.push({ index: p.index, result: okResult(p.index, result.body, result.replayed) });
      } catch (e) {
        if (toProblem(e).problem.status >= 500) throw e;
        out.push({ index: p.index, result: problemResult(p.index, e) });
      }
    }
    if (out.length) this.logger.debug(`batch chunk ran one item per transaction (${out.length} items)`);
    return out;
  }
}

class ItemRefused extends Error {
  constructor(
    readonly index: number,
    readonly error: unknown,
  ) {
    super(`batch item ${index} refused`);
  }
}

function okResult(index: number, body: { id: string; caseId: string; caseReference: string; linkedToExisting: boolean }, replayed: boolean): BatchReportResult {
  return { index, status: 201, ...body, ...(replayed ? { replayed: true } : {}) };
}

function problemResult(index: number, e: unknown): BatchReportResult {
  const { problem } = toProblem(e);
  const r: BatchReportResult = { index, status: problem.status, code: problem.code, message: problem.detail };
  if (problem.errors) r.errors = problem.errors;
  if (problem.fieldCodes) r.fieldCodes = problem.fieldCodes;
  return r;
}

function mergeWakeups(list: Wakeups[]): Wakeups {
  return {
    notificationIds: list.flatMap((w) => w.notificationIds),
    clocks: list.flatMap((w) => w.clocks),
    holds: list.flatMap((w) => w.holds),
    regulatory: list.flatMap((w) => w.regulatory),
  };
}
