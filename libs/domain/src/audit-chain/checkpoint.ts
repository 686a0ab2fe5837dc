import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson, sha256Hex } from './canonical-json';

/** One case's chain head as a checkpoint covers it (docs/api.md "Audit", "Checkpoints"). */
export interface CheckpointLeaf {
  caseId: string;
  lastEventSeq: number;
  headHash: string;
}

/** What a checkpoint's `hash` is computed over: the checkpoint without `id`, `hash` and `signature`. */
export interface CheckpointBody {
  seq: number;
  /** ISO 8601 UTC with milliseconds */
  at: string;
  systemHead: { seq: number; hash: string };
  casesRoot: string;
  caseCount: number;
  prevHash: string;
  keyId: string;
}

export interface Checkpoint extends CheckpointBody {
  id: string;
  hash: string;
  /** base64 Ed25519 over the ASCII bytes of `hash` */
  signature: string;
}

/** Machine-readable failure reasons of checkpoint checks (verify, the offline verifier). */
export const CHECKPOINT_FAILURE = {
  caseMissing: 'case_missing: a case the latest checkpoint covered has no events any more (deleted)',
  tailMissing: 'tail_missing: the case has fewer events than the latest checkpoint recorded (newest events deleted)',
  checkpointMismatch: 'checkpoint_mismatch: the event at the seq the checkpoint recorded has another hash (rewritten)',
  checkpointHash: 'checkpoint_hash: the checkpoint does not match its hash (altered)',
  checkpointSignature: 'checkpoint_signature: the signature does not verify with the public key',
  checkpointKey: 'checkpoint_key: the checkpoint names another key than the public key given',
  casesRoot: 'cases_root: the leaves do not give the checkpoint\'s casesRoot',
  caseCount: 'case_count: the number of leaves is not the checkpoint\'s caseCount',
  systemHeadMismatch: 'system_head_mismatch: the system event at the checkpoint\'s systemHead.seq has another hash or is missing',
} as const;

/** The RFC 8785 canonical JSON of a leaf, `{ caseId, lastEventSeq, headHash }` — what the Merkle tree hashes. */
export function leafJson(l: CheckpointLeaf): string {
  return canonicalJson({ caseId: l.caseId, lastEventSeq: l.lastEventSeq, headHash: l.headHash });
}

const digest = (...parts: Buffer[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

/**
 * RFC 6962 Merkle tree hash (SHA-256, leaf prefix 0x00, node prefix 0x01), built while the leaves stream by (memory
 * O(log n)): complete subtrees of equal size are merged as they fill; at the end the remaining ones (sizes of the
 * binary digits of n, largest first) are folded right to left — which is exactly MTH's split at the largest power
 * of two below n. The empty tree's hash is SHA-256 of nothing.
 */
export class MerkleRoot {
  private readonly stack: Array<{ size: number; hash: Buffer }> = [];
  private n = 0;

  addLeaf(leaf: CheckpointLeaf): void {
    this.addLeafBytes(Buffer.from(leafJson(leaf), 'utf8'));
  }

  addLeafBytes(bytes: Buffer): void {
    let node = { size: 1, hash: digest(LEAF, bytes) };
    while (this.stack.length && this.stack[this.stack.length - 1].size === node.size) {
      const left = this.stack.pop()!;
      node = { size: left.size * 2, hash: digest(NODE, left.hash, node.hash) };
    }
    this.stack.push(node);
    this.n++;
  }

  get count(): number {
    return this.n;
  }

  /** hex */
  root(): string {
    if (!this.stack.length) return digest().toString('hex');
    let acc = this.stack[this.stack.length - 1].hash;
    for (let i = this.stack.length - 2; i >= 0; i--) acc = digest(NODE, this.stack[i].hash, acc);
    return acc.toString('hex');
  }
}

/** The reference MTH of RFC 6962 §2.1 (recursive; for tests and small inputs). */
export function merkleRootOf(leaves: CheckpointLeaf[]): string {
  const mth = (items: Buffer[]): Buffer => {
    if (items.length === 0) return digest();
    if (items.length === 1) return digest(LEAF, items[0]);
    let k = 1;
    while (k * 2 < items.length) k *= 2;
    return digest(NODE, mth(items.slice(0, k)), mth(items.slice(k)));
  };
  return mth(leaves.map((l) => Buffer.from(leafJson(l), 'utf8'))).toString('hex');
}

/** SHA-256 (hex) of the canonical JSON of the checkpoint without `id`, `hash` and `signature`. */
export function checkpointHash(c: CheckpointBody): string {
  return sha256Hex(
    canonicalJson({
      seq: c.seq,
      at: c.at,
      systemHead: { seq: c.systemHead.seq, hash: c.systemHead.hash },
      casesRoot: c.casesRoot,
      caseCount: c.caseCount,
      prevHash: c.prevHash,
      keyId: c.keyId,
    }),
  );
}

/** Hex SHA-256 of the public key's SPKI DER. */
export function keyIdOf(key: KeyObject): string {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return sha256Hex(pub.export({ type: 'spki', format: 'der' }));
}

/** base64 Ed25519 signature over the ASCII bytes of `hash`. */
export function signCheckpointHash(hash: string, privateKey: KeyObject): string {
  return sign(null, Buffer.from(hash, 'ascii'), privateKey).toString('base64');
}

/**
 * Checks a checkpoint's own integrity: its hash, and with a public key its key id and signature. Returns the failed
 * reasons (empty when it holds).
 */
export function checkCheckpoint(c: Checkpoint, publicKey?: KeyObject | null): string[] {
  const out: string[] = [];
  if (checkpointHash(c) !== c.hash) out.push(CHECKPOINT_FAILURE.checkpointHash);
  if (publicKey) {
    if (keyIdOf(publicKey) !== c.keyId) out.push(CHECKPOINT_FAILURE.checkpointKey);
    else if (!signatureHolds(c, publicKey)) out.push(CHECKPOINT_FAILURE.checkpointSignature);
  }
  return out;
}

export function signatureHolds(c: Pick<Checkpoint, 'hash' | 'signature'>, publicKey: KeyObject): boolean {
  try {
    return verify(null, Buffer.from(c.hash, 'ascii'), publicKey, Buffer.from(c.signature, 'base64'));
  } catch {
    return false;
  }
}
