/**
 * In-memory state of the sandbox: banks, faults, received deliveries, accepted webhook ids,
 * callbacks and counters. No I/O and no timers here; the HTTP layer and the callback sender
 * drive it. Tests may read it directly (`sandbox.state`).
 */
import type { BankCallbackBody, CallbackType } from '@sentinel/contracts';
import { type BankConfig, type BankFaults, noFaults, parseBankBody } from './config';

export interface BankStats {
  /** Deliveries that reached a known bank (every outcome). */
  received: number;
  /** Accepted for the first time (id not seen before). */
  accepted: number;
  /** Redeliveries of an already accepted `webhook-id` (answered 200 `{ duplicate: true }`). */
  duplicates: number;
  /** Answered with an injected failure or held by the timeout fault. */
  failedByInjection: number;
  /** 401: no valid signature with the current or previous secret. */
  badSignature: number;
  /** 400: signed correctly but not a JSON object with a `type`. */
  badRequest: number;
  callbacksScheduled: number;
  callbacksDelivered: number;
  /** The API answered 4xx: not retried. */
  callbacksRejected: number;
  /** Still 5xx / unreachable after every retry. */
  callbacksFailed: number;
}

export interface BankState {
  code: string;
  secret: string;
  previousSecret: string | null;
  callbackUrl: string;
  faults: BankFaults;
  stats: BankStats;
  createdAt: string;
  updatedAt: string;
}

/** A bank as the control API shows it: secrets are reduced to a hint. */
export interface BankView {
  code: string;
  /** Where our API must deliver this bank's notifications (the bank's `webhookUrl` in our API). */
  webhookUrl: string;
  callbackUrl: string;
  secretHint: string;
  previousSecretHint: string | null;
  faults: BankFaults;
  createdAt: string;
  updatedAt: string;
}

export type DeliveryOutcome =
  | 'accepted'
  | 'duplicate'
  | 'bad_signature'
  | 'bad_request'
  | 'injected_failure'
  | 'injected_timeout'
  | 'unknown_bank'
  | 'too_large';

export interface DeliveryRecord {
  /** Arrival order, 1-based, never reused (not even after a reset). */
  seq: number;
  bankCode: string;
  webhookId: string | null;
  /** `type` of the JSON body, when there is one. */
  type: string | null;
  headers: Record<string, string>;
  /** The parsed JSON body, or the raw text when it is not JSON. */
  body: unknown;
  verified: boolean;
  verifiedWith: 'current' | 'previous' | null;
  verifyError: string | null;
  outcome: DeliveryOutcome;
  /** Which fault decided the answer. */
  fault: 'failNext' | 'alwaysFail' | 'timeout' | null;
  receivedAt: string;
  /** null while held (slow / timeout) or when the client gave up before the answer. */
  respondedStatus: number | null;
  respondedAt: string | null;
  /** Set when the client closed the connection before getting an answer. */
  clientAbortedAt: string | null;
  /** The callback this delivery triggered. */
  callbackId: string | null;
}

export type CallbackStatus = 'scheduled' | 'sending' | 'delivered' | 'rejected' | 'failed' | 'cancelled';

export interface CallbackAttempt {
  at: string;
  /** HTTP status, or null when unreachable / timed out. */
  status: number | null;
  error: string | null;
  durationMs: number;
  /** First 2 KB of the response. */
  responseBody: string | null;
}

export interface CallbackRecord {
  /** The callback's `webhook-id` (`cb_<uuid>`), the same on every retry. */
  id: string;
  bankCode: string;
  url: string;
  type: CallbackType;
  notificationId: string;
  caseReference: string | null;
  bankReference: string | null;
  /** Why the bank refused (`freeze.rejected`). */
  reason: string | null;
  /** The delivery (`webhook-id`) that caused it. */
  triggeredBy: string;
  status: CallbackStatus;
  scheduledFor: string;
  /** As sent (null until the first attempt; `at` is the time of the first attempt). */
  body: BankCallbackBody | null;
  attempts: CallbackAttempt[];
  completedAt: string | null;
}

export interface DeliveryQuery {
  bankCode?: string;
  type?: string;
  webhookId?: string;
  outcome?: string;
}

export interface CallbackQuery {
  bankCode?: string;
  type?: string;
  status?: string;
}

function emptyStats(): BankStats {
  return {
    received: 0,
    accepted: 0,
    duplicates: 0,
    failedByInjection: 0,
    badSignature: 0,
    badRequest: 0,
    callbacksScheduled: 0,
    callbacksDelivered: 0,
    callbacksRejected: 0,
    callbacksFailed: 0,
  };
}

function hint(secret: string): string {
  return `whsec_…${secret.slice(-4)}`;
}

export class SandboxState {
  readonly banks = new Map<string, BankState>();
  readonly deliveries: DeliveryRecord[] = [];
  readonly callbacks: CallbackRecord[] = [];
  /** Accepted webhook ids per bank (dedupe). */
  private readonly acceptedIds = new Map<string, Set<string>>();
  private seq = 0;

  constructor(
    private readonly apiUrl: string,
    private readonly maxRecords: number,
  ) {}

  defaultCallbackUrl(code: string): string {
    return `${this.apiUrl}/api/bank-callbacks/${encodeURIComponent(code)}`;
  }

  /**
   * Creates or replaces a bank's configuration (PUT semantics: an omitted `previousSecret`
   * means none, an omitted `callbackUrl` means the default). Faults and counters are kept.
   */
  upsertBank(config: BankConfig, now = new Date()): { bank: BankState; created: boolean } {
    const cfg = parseBankBody(config.code, config, 'bank');
    const existing = this.banks.get(cfg.code);
    const bank: BankState = {
      code: cfg.code,
      secret: cfg.secret,
      previousSecret: cfg.previousSecret ?? null,
      callbackUrl: cfg.callbackUrl ?? this.defaultCallbackUrl(cfg.code),
      faults: existing?.faults ?? noFaults(),
      stats: existing?.stats ?? emptyStats(),
      createdAt: existing?.createdAt ?? now.toISOString(),
      updatedAt: now.toISOString(),
    };
    this.banks.set(cfg.code, bank);
    return { bank, created: !existing };
  }

  removeBank(code: string): boolean {
    this.acceptedIds.delete(code);
    return this.banks.delete(code);
  }

  getBank(code: string): BankState | undefined {
    return this.banks.get(code);
  }

  view(bank: BankState, sandboxUrl: string): BankView {
    return {
      code: bank.code,
      webhookUrl: `${sandboxUrl}/webhooks/${encodeURIComponent(bank.code)}`,
      callbackUrl: bank.callbackUrl,
      secretHint: hint(bank.secret),
      previousSecretHint: bank.previousSecret ? hint(bank.previousSecret) : null,
      faults: { ...bank.faults, rejectFreeze: bank.faults.rejectFreeze && { ...bank.faults.rejectFreeze } },
      createdAt: bank.createdAt,
      updatedAt: bank.updatedAt,
    };
  }

  setFaults(bank: BankState, patch: Partial<BankFaults>): BankFaults {
    bank.faults = { ...bank.faults, ...patch };
    return bank.faults;
  }

  clearFaults(bank: BankState): BankFaults {
    bank.faults = noFaults();
    return bank.faults;
  }

  /**
   * Decides whether an injected failure answers this delivery, consuming one `failNext` if so.
   * `timeout` wins over failures; `alwaysFail` does not consume `failNext`.
   */
  takeFault(bank: BankState): DeliveryRecord['fault'] {
    const f = bank.faults;
    if (f.timeout) return 'timeout';
    if (f.alwaysFail) return 'alwaysFail';
    if (f.failNext > 0) {
      f.failNext -= 1;
      return 'failNext';
    }
    return null;
  }

  isAccepted(code: string, webhookId: string): boolean {
    return this.acceptedIds.get(code)?.has(webhookId) ?? false;
  }

  markAccepted(code: string, webhookId: string): void {
    let ids = this.acceptedIds.get(code);
    if (!ids) this.acceptedIds.set(code, (ids = new Set()));
    ids.add(webhookId);
  }

  newDelivery(fields: Omit<DeliveryRecord, 'seq'>): DeliveryRecord {
    const record: DeliveryRecord = { seq: ++this.seq, ...fields };
    this.deliveries.push(record);
    if (this.deliveries.length > this.maxRecords) this.deliveries.splice(0, this.deliveries.length - this.maxRecords);
    return record;
  }

  addCallback(record: CallbackRecord): void {
    this.callbacks.push(record);
    if (this.callbacks.length > this.maxRecords) this.callbacks.splice(0, this.callbacks.length - this.maxRecords);
  }

  queryDeliveries(q: DeliveryQuery): DeliveryRecord[] {
    return this.deliveries.filter(
      (d) =>
        (q.bankCode === undefined || d.bankCode === q.bankCode) &&
        (q.type === undefined || d.type === q.type) &&
        (q.webhookId === undefined || d.webhookId === q.webhookId) &&
        (q.outcome === undefined || d.outcome === q.outcome),
    );
  }

  queryCallbacks(q: CallbackQuery): CallbackRecord[] {
    return this.callbacks.filter(
      (c) =>
        (q.bankCode === undefined || c.bankCode === q.bankCode) &&
        (q.type === undefined || c.type === q.type) &&
        (q.status === undefined || c.status === q.status),
    );
  }

  /** Forgets deliveries, callbacks, accepted ids, counters and faults. Banks stay registered. */
  reset(): void {
    this.deliveries.length = 0;
    this.callbacks.length = 0;
    this.acceptedIds.clear();
    for (const bank of this.banks.values()) {
      bank.faults = noFaults();
      bank.stats = emptyStats();
    }
  }
}
