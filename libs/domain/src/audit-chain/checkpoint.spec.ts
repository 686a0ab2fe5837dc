import { generateKeyPairSync } from 'node:crypto';
import {
  checkCheckpoint,
  checkpointHash,
  CHECKPOINT_FAILURE,
  keyIdOf,
  leafJson,
  MerkleRoot,
  merkleRootOf,
  signCheckpointHash,
  type Checkpoint,
  type CheckpointBody,
  type CheckpointLeaf,
} from './checkpoint';
import { GENESIS_HASH } from './audit-chain';

const leaf = (i: number): CheckpointLeaf => ({ caseId: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`, lastEventSeq: i + 1, headHash: String(i % 10).repeat(64) });

describe('MerkleRoot (RFC 6962)', () => {
  it('should give the RFC 6962 / Certificate Transparency test vectors', () => {
    const inputs = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((h) => Buffer.from(h, 'hex'));
    const m = new MerkleRoot();
    expect(m.root()).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    m.addLeafBytes(inputs[0]);
    expect(m.root()).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
    for (const b of inputs.slice(1)) m.addLeafBytes(b);
    expect(m.root()).toBe('5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328');
  });

  it('should stream to the same root as the recursive definition for every size up to 70', () => {
    for (let n = 0; n <= 70; n++) {
      const leaves = Array.from({ length: n }, (_, i) => leaf(i));
      const m = new MerkleRoot();
      for (const l of leaves) m.addLeaf(l);
      expect([n, m.root()]).toEqual([n, merkleRootOf(leaves)]);
      expect(m.count).toBe(n);
    }
  });

  it('should hash the canonical JSON of exactly { caseId, lastEventSeq, headHash }', () => {
    expect(leafJson({ headHash: 'h', lastEventSeq: 2, caseId: 'c', extra: 1 } as CheckpointLeaf)).toBe('{"caseId":"c","headHash":"h","lastEventSeq":2}');
  });
});

describe('checkpoint hash and signature', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const other = generateKeyPairSync('ed25519').publicKey;
  const body: CheckpointBody = {
    seq: 1,
    at: '2026-12-02T10:00:00.000Z',
    systemHead: { seq: 4, hash: 'a'.repeat(64) },
    casesRoot: merkleRootOf([leaf(1), leaf(2)]),
    caseCount: 2,
    prevHash: GENESIS_HASH,
    keyId: keyIdOf(publicKey),
  };
  const hash = checkpointHash(body);
  const cp: Checkpoint = { ...body, id: 'id-1', hash, signature: signCheckpointHash(hash, privateKey) };

  it('should hold with its key, and name the key by its SPKI hash', () => {
    expect(keyIdOf(privateKey)).toBe(keyIdOf(publicKey));
    expect(keyIdOf(publicKey)).toMatch(/^[0-9a-f]{64}$/);
    expect(checkCheckpoint(cp, publicKey)).toEqual([]);
    expect(checkCheckpoint({ ...cp, id: 'another id' }, publicKey)).toEqual([]);
  });

  it.each<[string, Partial<Checkpoint>, string[]]>([
    ['an altered field', { caseCount: 3 }, [CHECKPOINT_FAILURE.checkpointHash]],
    ['an altered field re-hashed', { caseCount: 3, hash: checkpointHash({ ...body, caseCount: 3 }) }, [CHECKPOINT_FAILURE.checkpointSignature]],
    ['a garbled signature', { signature: 'AAAA' }, [CHECKPOINT_FAILURE.checkpointSignature]],
  ])('should fail on %s', (_name, change, reasons) => {
    expect(checkCheckpoint({ ...cp, ...change }, publicKey)).toEqual(reasons);
  });

  it('should refuse another key', () => {
    expect(checkCheckpoint(cp, other)).toEqual([CHECKPOINT_FAILURE.checkpointKey]);
  });
});
