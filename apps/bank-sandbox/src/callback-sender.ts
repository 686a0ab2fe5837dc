/**
 * Calls our API back after an accepted freeze / unfreeze request: waits the configured delay,
 * then POSTs a Standard Webhooks-signed body to the bank's callback URL, retrying on 5xx or
 * network errors. Every timer and request is tracked so reset/close cancel them.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { BankCallbackBody, CallbackType } from '@sentinel/contracts';
import type { Logger } from './logger';
import type { BankState, CallbackAttempt, CallbackRecord, SandboxState } from './sandbox-state';
import { signedHeaders } from './signing';

export interface CallbackSenderOptions {
  callbackDelayMs: number;
  callbackRetryDelaysMs: number[];
  callbackTimeoutMs: number;
}

export interface CallbackRequest {
  type: CallbackType;
  /** The delivery's `webhook-id`. */
  triggeredBy: string;
  notificationId: string;
  caseReference: string | null;
  reason?: string;
}

const RESPONSE_BODY_LIMIT = 2048;

function shortRandom(): string {
  return randomBytes(4).toString('hex').toUpperCase();
}

/** `<CODE>-FRZ-<random>` for freezes, `<CODE>-UFZ-<random>` for unfreezes; none for rejections. */
export function bankReferenceFor(code: string, type: CallbackType): string | null {
  if (type === 'freeze.confirmed') return `${code.toUpperCase()}-FRZ-${shortRandom()}`;
  if (type === 'unfreeze.confirmed') return `${code.toUpperCase()}-UFZ-${shortRandom()}`;
  return null;
}

/** A function, not an inline comparison: the status changes behind `await`s (cancelAll). */
function isCancelled(record: CallbackRecord): boolean {
  return record.status === 'cancelled';
}

function errorText(e: unknown): string {
  if (e instanceof Error) {
    const cause = (e as Error & { cause?: unknown }).cause;
    const causeText = cause instanceof Error ? cause.message || (cause as NodeJS.ErrnoException).code : undefined;
    return causeText ? `${e.message}: ${causeText}` : e.message;
  }
  return String(e);
}

export class CallbackSender {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<AbortController>();
  private readonly active = new Set<CallbackRecord>();

  constructor(
    private readonly state: SandboxState,
    private readonly opts: CallbackSenderOptions,
    private readonly log: Logger,
  ) {}

  /** Records and schedules a callback for `bank`; returns the record (status `scheduled`). */
  schedule(bank: BankState, req: CallbackRequest, now = new Date()): CallbackRecord {
    const delayMs = bank.faults.callbackDelayMs ?? this.opts.callbackDelayMs;
    const record: CallbackRecord = {
      id: `cb_${randomUUID()}`,
      bankCode: bank.code,
      url: bank.callbackUrl,
      type: req.type,
      notificationId: req.notificationId,
      caseReference: req.caseReference,
      bankReference: bankReferenceFor(bank.code, req.type),
      reason: req.reason ?? null,
      triggeredBy: req.triggeredBy,
      status: 'scheduled',
      scheduledFor: new Date(now.getTime() + delayMs).toISOString(),
      body: null,
      attempts: [],
      completedAt: null,
    };
    this.state.addCallback(record);
    bank.stats.callbacksScheduled += 1;
    this.active.add(record);
    this.after(delayMs, () => void this.run(record));
    return record;
  }

  /** Cancels every scheduled or running callback (reset, close). */
  cancelAll(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const c of this.inFlight) c.abort();
    this.inFlight.clear();
    const now = new Date().toISOString();
    for (const r of this.active) {
      r.status = 'cancelled';
      r.completedAt = now;
    }
    this.active.clear();
  }

  /** Callbacks not finished yet. */
  get pending(): number {
    return this.active.size;
  }

  private after(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private async run(record: CallbackRecord): Promise<void> {
    record.body = {
      type: record.type,
      notificationId: record.notificationId,
      // A delivery without a case reference is answered as a careless bank would: with an empty one (the API refuses it).
      caseReference: record.caseReference ?? '',
      ...(record.bankReference ? { bankReference: record.bankReference } : {}),
      ...(record.reason !== null ? { reason: record.reason } : {}),
      at: new Date().toISOString(),
    } satisfies BankCallbackBody;
    const body = JSON.stringify(record.body);
    const retries = this.opts.callbackRetryDelaysMs;

    for (let attemptNo = 0; ; attemptNo++) {
      if (isCancelled(record)) return;
      // Re-read the bank each attempt: a secret rotated meanwhile signs the retry.
      const bank = this.state.getBank(record.bankCode);
      if (!bank) return this.finish(record, 'failed', undefined, 'bank removed');
      record.status = 'sending';
      const attempt = await this.attempt(record, bank, body);
      if (isCancelled(record)) return;
      record.attempts.push(attempt);
      this.log({
        msg: 'callback attempt',
        callbackId: record.id,
        bankCode: record.bankCode,
        type: record.type,
        notificationId: record.notificationId,
        attempt: attemptNo + 1,
        status: attempt.status,
        error: attempt.error,
        durationMs: attempt.durationMs,
      });
      const retryable = attempt.status === null || attempt.status >= 500;
      if (attempt.status !== null && attempt.status >= 200 && attempt.status < 300) return this.finish(record, 'delivered', bank);
      if (!retryable) return this.finish(record, 'rejected', bank);
      if (attemptNo >= retries.length) return this.finish(record, 'failed', bank);
      record.status = 'scheduled';
      await new Promise<void>((resolve) => this.after(retries[attemptNo], resolve));
    }
  }

  private async attempt(record: CallbackRecord, bank: BankState, body: string): Promise<CallbackAttempt> {
    const started = new Date();
    const controller = new AbortController();
    this.inFlight.add(controller);
    const timer = setTimeout(() => controller.abort(new Error(`timed out after ${this.opts.callbackTimeoutMs} ms`)), this.opts.callbackTimeoutMs);
    try {
      const res = await fetch(record.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'sentinel-bank-sandbox',
          ...signedHeaders(bank.secret, record.id, body, started),
        },
        body,
        signal: controller.signal,
      });
      const text = await res.text();
      return {
        at: started.toISOString(),
        status: res.status,
        error: null,
        durationMs: Date.now() - started.getTime(),
        responseBody: text.slice(0, RESPONSE_BODY_LIMIT),
      };
    } catch (e) {
      const reason = controller.signal.aborted ? controller.signal.reason : e;
      return {
        at: started.toISOString(),
        status: null,
        error: errorText(reason),
        durationMs: Date.now() - started.getTime(),
        responseBody: null,
      };
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(controller);
    }
  }

  private finish(record: CallbackRecord, status: 'delivered' | 'rejected' | 'failed', bank: BankState | undefined, why?: string): void {
    record.status = status;
    record.completedAt = new Date().toISOString();
    this.active.delete(record);
    if (bank) {
      if (status === 'delivered') bank.stats.callbacksDelivered += 1;
      else if (status === 'rejected') bank.stats.callbacksRejected += 1;
      else bank.stats.callbacksFailed += 1;
    }
    this.log({ msg: `callback ${status}`, callbackId: record.id, bankCode: record.bankCode, type: record.type, ...(why ? { why } : {}) });
  }
}
