import type { KeyObject } from 'node:crypto';
import { ChainVerifier, type ChainEvent, type ChainFailure } from './audit-chain';
import { CHECKPOINT_FAILURE, checkCheckpoint, MerkleRoot, type Checkpoint, type CheckpointLeaf } from './checkpoint';

/** What the offline verifier found (docs/api.md "Offline verifier", docs/audit-verifier.md). */
export interface ExportVerification {
  ok: boolean;
  eventsChecked: number;
  casesChecked: number;
  systemEventsChecked: number;
  checkpoint: null | {
    seq: number;
    at: string;
    keyId: string;
    /** null: no public key was given, so the signature was not checked */
    signatureValid: boolean | null;
    leavesChecked: number;
    casesRootValid: boolean;
    caseCountValid: boolean;
  };
  failures: ChainFailure[];
}

export const EXPORT_FAILURE = {
  exportOrder: 'export_order: the events are not chain by chain in caseId order (not an unmodified export)',
  leafOrder: 'leaf_order: the leaves are not in caseId order, or a case appears twice',
  malformed: 'malformed: a line is not an audit event',
} as const;

export interface ExportInput {
  /** the export's events in file order (an export of scope cases or all: cases chain by chain, then the system chain) */
  events: AsyncIterable<ChainEvent | { malformed: string; line: number }>;
  checkpoint?: Checkpoint;
  /** the checkpoint's leaves, in caseId order */
  leaves?: AsyncIterable<CheckpointLeaf>;
  publicKey?: KeyObject;
}

/**
 * Verifies an audit export with no server and no database, streaming (memory does not grow with the file): every
 * chain is re-computed (hashes, links, seq from 1); with a checkpoint its hash and (given the public key) its
 * signature are checked; with its leaves `casesRoot` and `caseCount` are re-computed and every leaf's case must be
 * in the file up to `lastEventSeq` with that event's hash equal to `headHash` — so a case deleted, a tail cut or
 * events rewritten before the checkpoint are reported even when the chains in the file are consistent. Leaves and
 * the file are merged in caseId order, as the export writes them.
 */
export async function verifyExport(input: ExportInput): Promise<ExportVerification> {
  const failures: ChainFailure[] = [];
  const result: ExportVerification = { ok: false, eventsChecked: 0, casesChecked: 0, systemEventsChecked: 0, checkpoint: null, failures };
  const cp = input.checkpoint;
  if (cp) {
    const own = checkCheckpoint(cp, input.publicKey ?? null);
    for (const reason of own) failures.push({ caseId: null, seq: cp.seq, reason });
    result.checkpoint = {
      seq: cp.seq,
      at: cp.at,
      keyId: cp.keyId,
      signatureValid: input.publicKey ? !own.includes(CHECKPOINT_FAILURE.checkpointSignature) && !own.includes(CHECKPOINT_FAILURE.checkpointKey) : null,
      leavesChecked: 0,
      casesRootValid: false,
      caseCountValid: false,
    };
  }

  const merkle = new MerkleRoot();
  const leafIt = input.leaves?.[Symbol.asyncIterator]();
  let pending: CheckpointLeaf | null = null;
  let lastLeafId: string | null = null;
  const nextLeaf = async (): Promise<CheckpointLeaf | null> => {
    if (!leafIt) return null;
    const r = await leafIt.next();
    if (r.done) return null;
    const l = r.value;
    if (lastLeafId !== null && !(l.caseId > lastLeafId)) failures.push({ caseId: l.caseId, seq: l.lastEventSeq, reason: EXPORT_FAILURE.leafOrder });
    lastLeafId = l.caseId;
    merkle.addLeaf(l);
    return l;
  };
  pending = await nextLeaf();
  const missing = (l: CheckpointLeaf) => failures.push({ caseId: l.caseId, seq: l.lastEventSeq, reason: CHECKPOINT_FAILURE.caseMissing });

  let chain: ChainVerifier | null = null;
  let leaf: CheckpointLeaf | null = null;
  let leafEventHash: string | null = null;
  let systemSeen = false;
  let systemHeadHash: string | null = null;
  let lastCaseId: string | null = null;
  const seenCases = new Set<string>();

  const close = () => {
    if (!chain) return;
    const v = chain.finish();
    failures.push(...v.failures);
    if (chain.caseId === null) result.systemEventsChecked += v.eventsChecked;
    else result.casesChecked++;
    if (leaf) {
      if (leafEventHash === null) failures.push({ caseId: leaf.caseId, seq: leaf.lastEventSeq, reason: CHECKPOINT_FAILURE.tailMissing });
      else if (leafEventHash !== leaf.headHash) failures.push({ caseId: leaf.caseId, seq: leaf.lastEventSeq, reason: CHECKPOINT_FAILURE.checkpointMismatch });
    }
    chain = null;
    leaf = null;
    leafEventHash = null;
  };

  const open = async (caseId: string | null, seq: number) => {
    close();
    if (caseId === null) {
      if (systemSeen) failures.push({ caseId: null, seq, reason: EXPORT_FAILURE.exportOrder });
      systemSeen = true;
      // every remaining leaf's case should have come before the system chain
      while (pending) {
        missing(pending);
        pending = await nextLeaf();
      }
    } else {
      if (systemSeen || (lastCaseId !== null && !(caseId > lastCaseId)) || seenCases.has(caseId)) {
        failures.push({ caseId, seq, reason: EXPORT_FAILURE.exportOrder });
      }
      if (lastCaseId === null || caseId > lastCaseId) lastCaseId = caseId;
      seenCases.add(caseId);
      while (pending && pending.caseId < caseId) {
        missing(pending);
        pending = await nextLeaf();
      }
      if (pending && pending.caseId === caseId) {
        leaf = pending;
        pending = await nextLeaf();
      }
    }
    chain = new ChainVerifier(caseId);
  };

  for await (const item of input.events) {
    if ('malformed' in item) {
      failures.push({ caseId: null, seq: item.line, reason: `${EXPORT_FAILURE.malformed} (line ${item.line}: ${item.malformed})` });
      continue;
    }
    const current = chain as ChainVerifier | null;
    if (!current || current.caseId !== item.caseId) await open(item.caseId, item.seq);
    chain!.push(item);
    result.eventsChecked++;
    const covering = leaf as CheckpointLeaf | null; // set by open()
    if (covering && item.seq === covering.lastEventSeq) leafEventHash = item.hash;
    if (item.caseId === null && cp && item.seq === cp.systemHead.seq) systemHeadHash = item.hash;
  }
  close();
  while (pending) {
    missing(pending);
    pending = await nextLeaf();
  }

  if (cp && result.checkpoint) {
    if (leafIt) {
      result.checkpoint.leavesChecked = merkle.count;
      result.checkpoint.casesRootValid = merkle.root() === cp.casesRoot;
      result.checkpoint.caseCountValid = merkle.count === cp.caseCount;
      if (!result.checkpoint.casesRootValid) failures.push({ caseId: null, seq: cp.seq, reason: CHECKPOINT_FAILURE.casesRoot });
      if (!result.checkpoint.caseCountValid) failures.push({ caseId: null, seq: cp.seq, reason: CHECKPOINT_FAILURE.caseCount });
    }
    if (systemSeen && cp.systemHead.seq > 0 && systemHeadHash !== cp.systemHead.hash) {
      failures.push({ caseId: null, seq: cp.systemHead.seq, reason: CHECKPOINT_FAILURE.systemHeadMismatch });
    }
  }
  result.ok = failures.length === 0;
  return result;
}
