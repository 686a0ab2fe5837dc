import { canonicalJson, sha256Hex } from './canonical-json';

/** The prevHash of a chain's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** One event of a case chain (or of the system chain, caseId null). docs/api.md "Audit". */
export interface ChainEvent {
  caseId: string | null;
  seq: number;
  /** ISO 8601 UTC with milliseconds, exactly as served: `2026-11-25T08:00:00.123Z`. */
  at: string;
  actor: { id: string; role: string };
  action: string;
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export interface ChainHead {
  lastSeq: number;
  headHash: string;
}

export interface ChainFailure {
  caseId: string | null;
  seq: number;
  reason: string;
}

export interface ChainVerification {
  ok: boolean;
  eventsChecked: number;
  failures: ChainFailure[];
}

/** Machine-readable failure reasons of verifyChain. */
export const CHAIN_FAILURE = {
  hashMismatch: 'hash_mismatch: the event content does not match its hash (altered)',
  prevHashMismatch: 'prev_hash_mismatch: the link to the previous event is broken (inserted, deleted or reordered)',
  seqGap: 'seq_gap: events are missing before this one',
  seqDuplicate: 'seq_duplicate: another event has this seq (inserted)',
  seqOutOfOrder: 'seq_out_of_order: the seq is lower than the previous event\'s',
  caseMismatch: 'case_mismatch: the event belongs to another chain',
  headSeqMismatch: 'head_seq_mismatch: the chain head records a different last seq (newest events deleted or added)',
  headHashMismatch: 'head_hash_mismatch: the chain head records a different hash for the last event',
} as const;

export function truncateToMillis(d: Date): Date {
  return new Date(Math.trunc(d.getTime()));
}

export function toIsoMillis(d: Date): string {
  if (Number.isNaN(d.getTime())) throw new RangeError('Invalid event time');
  return truncateToMillis(d).toISOString();
}

/** Exactly the hashed fields, in their served form. */
function hashedContent(e: Omit<ChainEvent, 'hash'>) {
  return {
    caseId: e.caseId,
    seq: e.seq,
    at: e.at,
    actor: { id: e.actor.id, role: e.actor.role },
    action: e.action,
    data: e.data,
    prevHash: e.prevHash,
  };
}

/** SHA-256 hex of the RFC 8785 canonical JSON of `{ caseId, seq, at, actor, action, data, prevHash }`. */
export function hashEvent(e: Omit<ChainEvent, 'hash'>): string {
  return sha256Hex(canonicalJson(hashedContent(e)));
}

/**
 * The next event of a chain. `data` is normalised to plain JSON (dates become ISO strings,
 * undefined members dropped) so what is stored is exactly what was hashed.
 */
export function buildEvent(
  prev: { seq: number; hash: string } | null,
  input: { caseId: string | null; at: Date; actor: { id: string; role: string }; action: string; data: Record<string, unknown> },
): ChainEvent {
  const partial: Omit<ChainEvent, 'hash'> = {
    caseId: input.caseId,
    seq: prev ? prev.seq + 1 : 1,
    at: toIsoMillis(input.at),
    actor: { id: input.actor.id, role: input.actor.role },
    action: input.action,
    data: JSON.parse(canonicalJson(input.data ?? {})) as Record<string, unknown>,
    prevHash: prev ? prev.hash : GENESIS_HASH,
  };
  return { ...partial, hash: hashEvent(partial) };
}

/**
 * One chain verified event by event (memory O(1)): `push` each event in seq order, then `finish` with the head.
 * What `verifyChain` does for an array; the offline verifier streams files through it.
 */
export class ChainVerifier {
  readonly failures: ChainFailure[] = [];
  eventsChecked = 0;
  private prevSeq: number;
  private prevHash: string;
  private last: { seq: number; hash: string } | null = null;

  constructor(
    readonly caseId: string | null,
    private readonly after: { seq: number; hash: string } | null = null,
  ) {
    this.prevSeq = after?.seq ?? 0;
    this.prevHash = after?.hash ?? GENESIS_HASH;
  }

  private fail(seq: number, reason: string): void {
    this.failures.push({ caseId: this.caseId, seq, reason });
  }

  push(e: ChainEvent): void {
    if (e.caseId !== this.caseId) this.fail(e.seq, CHAIN_FAILURE.caseMismatch);
    if (e.seq === this.prevSeq) this.fail(e.seq, CHAIN_FAILURE.seqDuplicate);
    else if (e.seq < this.prevSeq) this.fail(e.seq, CHAIN_FAILURE.seqOutOfOrder);
    else if (e.seq > this.prevSeq + 1) this.fail(e.seq, CHAIN_FAILURE.seqGap);
    if (e.prevHash !== this.prevHash) this.fail(e.seq, CHAIN_FAILURE.prevHashMismatch);
    let computed: string | null;
    try {
      computed = hashEvent(e);
    } catch {
      computed = null;
    }
    if (computed !== e.hash) this.fail(e.seq, CHAIN_FAILURE.hashMismatch);
    this.prevSeq = Math.max(this.prevSeq, e.seq);
    this.prevHash = e.hash;
    this.last = { seq: e.seq, hash: e.hash };
    this.eventsChecked++;
  }

  /** The last event pushed (or the event verified from), for continuing or comparing with a head. */
  get tail(): { seq: number; hash: string } {
    return this.last ?? this.after ?? { seq: 0, hash: GENESIS_HASH };
  }

  finish(head?: ChainHead | null): ChainVerification {
    if (head) {
      const { seq: lastSeq, hash: lastHash } = this.tail;
      if (head.lastSeq !== lastSeq) this.fail(head.lastSeq, CHAIN_FAILURE.headSeqMismatch);
      else if (head.lastSeq > 0 && head.headHash !== lastHash) this.fail(head.lastSeq, CHAIN_FAILURE.headHashMismatch);
    }
    return { ok: this.failures.length === 0, eventsChecked: this.eventsChecked, failures: this.failures };
  }
}

/**
 * Re-computes a chain given in seq order (1..n, or continuing `opts.after` when verifying from the
 * middle). Detects altered content, broken links, gaps, duplicates and — with the head stored on
 * the case row — deleted newest events. Links are checked against the stored hashes, so one
 * altered event yields one failure.
 */
export function verifyChain(
  events: ChainEvent[],
  head?: ChainHead | null,
  opts: { after?: { seq: number; hash: string } | null; caseId?: string | null } = {},
): ChainVerification {
  const caseId = opts.caseId !== undefined ? opts.caseId : (events[0]?.caseId ?? null);
  const v = new ChainVerifier(caseId, opts.after ?? null);
  for (const e of events) v.push(e);
  return v.finish(head);
}
