import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuditVerifyResult } from '@sentinel/contracts';
import { CHECKPOINT_FAILURE, checkCheckpoint, MerkleRoot, verifyChain, type ChainFailure } from '@sentinel/domain';
import { AuditRepository, CheckpointsRepository, ReconcileRepository } from '@sentinel/persistence';
import { eventRowToView } from './audit.service';
import type { AuditQuery } from './audit-query';
import { AUDIT_SIGNING_KEY, type AuditSigningKey } from './audit-signing-key';

const CASE_BATCH = 200;
const SYSTEM_BATCH = 5000;

export interface VerifyResult {
  ok: boolean;
  casesChecked: number;
  eventsChecked: number;
  systemEventsChecked?: number;
  failures: ChainFailure[];
  checkpoint?: AuditVerifyResult['checkpoint'];
  statesChecked?: number;
}

/** A reconcile finding as a verify failure: `state_mismatch: case.stage — the events say "…", the row holds "…"`. */
export function stateMismatchReason(f: { what: string; expected: unknown; actual: unknown }): string {
  return `state_mismatch: ${f.what} — the events say ${JSON.stringify(f.expected)}, the rows hold ${JSON.stringify(f.actual)} (changed without an event)`;
}

/**
 * Re-computes the audit chains (docs/api.md "Audit"): every event's hash, the links, seq without gaps, and each
 * chain's head (so deleting the newest events is caught). A time range selects the cases that have events in
 * it; their whole chains are verified. Works in batches, so memory stays bounded at any size.
 */
@Injectable()
export class AuditVerifyService {
  private readonly chains = new AuditRepository();
  private readonly checkpoints = new CheckpointsRepository();
  private readonly reconcile = new ReconcileRepository();

  constructor(
    private readonly ds: DataSource,
    @Inject(AUDIT_SIGNING_KEY) private readonly key: AuditSigningKey,
  ) {}

  async verify(q: AuditQuery): Promise<VerifyResult> {
    const result: VerifyResult = { ok: true, casesChecked: 0, eventsChecked: 0, failures: [] };
    if (q.scope !== 'system') await this.verifyCases(q, result);
    if (q.scope !== 'cases' && !q.caseId) await this.verifySystem(result);
    await this.againstCheckpoint(q, result);
    if (q.deep && q.scope !== 'system') {
      const r = await this.reconcile.run(this.ds, { caseId: q.caseId });
      result.statesChecked = r.casesChecked;
      for (const f of r.findings) result.failures.push({ caseId: f.caseId, seq: 0, reason: stateMismatchReason(f) });
    }
    result.ok = result.failures.length === 0;
    return result;
  }

  /**
   * Holds the data against the latest checkpoint (docs/api.md "Checkpoints"): the checkpoint's own hash and signature,
   * its leaves against its casesRoot and caseCount, and every case it covered (or the one asked for) must still have
   * at least that many events with the same hash at that seq — so deleting a case's events, cutting its tail or
   * rewriting events together with their heads is reported. A time range checks no leaves (it selects cases by their
   * events); the system head is checked with scope system or all.
   */
  private async againstCheckpoint(q: AuditQuery, result: VerifyResult): Promise<void> {
    const cp = await this.checkpoints.latest(this.ds);
    if (!cp) {
      result.checkpoint = null;
      return;
    }
    const sameKey = cp.keyId === this.key.keyId;
    const own = checkCheckpoint(cp, sameKey ? this.key.publicKey : null);
    result.checkpoint = { id: cp.id, seq: cp.seq, at: cp.at, signatureValid: sameKey ? !own.includes(CHECKPOINT_FAILURE.checkpointSignature) : null };
    for (const reason of own) result.failures.push({ caseId: null, seq: cp.seq, reason });
    if (q.scope !== 'cases' && !q.caseId && cp.systemHead.seq > 0) {
      if ((await this.checkpoints.systemEventHash(this.ds, cp.systemHead.seq)) !== cp.systemHead.hash) {
        result.failures.push({ caseId: null, seq: cp.systemHead.seq, reason: CHECKPOINT_FAILURE.systemHeadMismatch });
      }
    }
    if (q.scope === 'system' || q.from || q.to) return;
    const whole = !q.caseId;
    const merkle = new MerkleRoot();
    let after: string | null = null;
    for (;;) {
      const page = await this.checkpoints.leavesAgainstData(this.ds, cp.seq, after, q.caseId);
      for (const l of page) {
        merkle.addLeaf(l);
        if (l.maxSeq === null) result.failures.push({ caseId: l.caseId, seq: l.lastEventSeq, reason: CHECKPOINT_FAILURE.caseMissing });
        else if (l.maxSeq < l.lastEventSeq || l.eventHash === null) result.failures.push({ caseId: l.caseId, seq: l.lastEventSeq, reason: CHECKPOINT_FAILURE.tailMissing });
        else if (l.eventHash !== l.headHash) result.failures.push({ caseId: l.caseId, seq: l.lastEventSeq, reason: CHECKPOINT_FAILURE.checkpointMismatch });
      }
      if (page.length < 5000) break;
      after = page[page.length - 1].caseId;
    }
    if (whole) {
      if (merkle.root() !== cp.casesRoot) result.failures.push({ caseId: null, seq: cp.seq, reason: CHECKPOINT_FAILURE.casesRoot });
      if (merkle.count !== cp.caseCount) result.failures.push({ caseId: null, seq: cp.seq, reason: CHECKPOINT_FAILURE.caseCount });
    }
  }

  private async verifyCases(q: AuditQuery, result: VerifyResult): Promise<void> {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const cases = await this.chains.casesPage(this.ds, after, { caseId: q.caseId, from: q.from, to: q.to }, CASE_BATCH);
      if (!cases.length) return;
      const rows = await this.chains.eventsOfCases(this.ds, cases.map((c) => c.id));
      const byCase = new Map<string, ReturnType<typeof eventRowToView>[]>();
      for (const r of rows) {
        const list = byCase.get(r.case_id) ?? [];
        list.push(eventRowToView(r));
        byCase.set(r.case_id, list);
      }
      for (const c of cases) {
        const events = byCase.get(c.id) ?? [];
        const v = verifyChain(events, { lastSeq: c.last_event_seq, headHash: c.head_hash }, { caseId: c.id });
        result.casesChecked++;
        result.eventsChecked += v.eventsChecked;
        result.failures.push(...v.failures);
      }
      after = cases[cases.length - 1].id;
      if (cases.length < CASE_BATCH) return;
    }
  }

  private async verifySystem(result: VerifyResult): Promise<void> {
    const head = await this.chains.systemHead(this.ds);
    let prev: { seq: number; hash: string } | null = null;
    let checked = 0;
    for (;;) {
      const rows = await this.chains.systemEventsPage(this.ds, prev?.seq ?? 0, {}, SYSTEM_BATCH);
      const events: ReturnType<typeof eventRowToView>[] = rows.map(eventRowToView);
      const last = rows.length < SYSTEM_BATCH;
      const v = verifyChain(events, last ? { lastSeq: head.last_seq, headHash: head.head_hash } : null, { after: prev, caseId: null });
      checked += v.eventsChecked;
      result.failures.push(...v.failures);
      if (events.length) prev = { seq: events[events.length - 1].seq, hash: events[events.length - 1].hash };
      if (last) break;
    }
    result.systemEventsChecked = checked;
    result.eventsChecked += checked;
  }
}
