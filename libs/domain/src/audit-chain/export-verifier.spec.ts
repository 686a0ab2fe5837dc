import { generateKeyPairSync } from 'node:crypto';
import { buildEvent, CHAIN_FAILURE, GENESIS_HASH, hashEvent, type ChainEvent } from './audit-chain';
import { CHECKPOINT_FAILURE, checkpointHash, keyIdOf, merkleRootOf, signCheckpointHash, type Checkpoint, type CheckpointLeaf } from './checkpoint';
import { EXPORT_FAILURE, verifyExport } from './export-verifier';

const ids = ['11111111-0000-0000-0000-000000000000', '22222222-0000-0000-0000-000000000000', '33333333-0000-0000-0000-000000000000'];
const T0 = Date.parse('2026-12-01T00:00:00.000Z');

function chain(caseId: string | null, n: number): ChainEvent[] {
  const out: ChainEvent[] = [];
  for (let i = 0; i < n; i++) {
    out.push(buildEvent(out[i - 1] ?? null, { caseId, at: new Date(T0 + i * 1000), actor: { id: 'u', role: 'analyst' }, action: `a${i}`, data: { i } }));
  }
  return out;
}

const { privateKey, publicKey } = generateKeyPairSync('ed25519');

function fixture() {
  const chains = ids.map((id) => chain(id, 4));
  const system = chain(null, 3);
  // the checkpoint covered 3 events of each case (a 4th came later) and 2 system events
  const leaves: CheckpointLeaf[] = chains.map((c) => ({ caseId: c[2].caseId!, lastEventSeq: 3, headHash: c[2].hash }));
  const body = { seq: 7, at: '2026-12-01T01:00:00.000Z', systemHead: { seq: 2, hash: system[1].hash }, casesRoot: merkleRootOf(leaves), caseCount: 3, prevHash: GENESIS_HASH, keyId: keyIdOf(publicKey) };
  const hash = checkpointHash(body);
  const checkpoint: Checkpoint = { ...body, id: 'cp', hash, signature: signCheckpointHash(hash, privateKey) };
  return { chains, system, leaves, checkpoint };
}

async function* from<T>(items: T[]): AsyncGenerator<T> {
  for (const i of items) yield i;
}

const run = (events: ChainEvent[], f = fixture(), extra: Partial<Parameters<typeof verifyExport>[0]> = {}) =>
  verifyExport({ events: from(events), checkpoint: f.checkpoint, leaves: from(f.leaves), publicKey, ...extra });
const reasons = (r: Awaited<ReturnType<typeof verifyExport>>) => r.failures.map((x) => `${x.caseId?.slice(0, 2) ?? '-'}:${x.seq}:${x.reason.split(':')[0]}`);

describe('verifyExport (the offline verifier)', () => {
  it('should hold for an untouched export with its checkpoint, leaves and key', async () => {
    const f = fixture();
    const r = await run([...f.chains.flat(), ...f.system], f);
    expect(r).toMatchObject({ ok: true, eventsChecked: 15, casesChecked: 3, systemEventsChecked: 3, failures: [] });
    expect(r.checkpoint).toMatchObject({ seq: 7, signatureValid: true, leavesChecked: 3, casesRootValid: true, caseCountValid: true });
    // without a key the signature is not checked, and said so
    expect((await run(f.chains.flat(), f, { publicKey: undefined })).checkpoint?.signatureValid).toBeNull();
  });

  it.each<[string, (c: ChainEvent[][]) => ChainEvent[], string[]]>([
    ['edited data', (c) => [...c[0], c[1].map((e) => (e.seq === 2 ? { ...e, data: { i: 99 } } : e)), ...c[2]].flat(), ['22:2:hash_mismatch']],
    ['one event deleted', (c) => [...c[0], ...c[1].filter((e) => e.seq !== 2), ...c[2]], ['22:3:seq_gap', '22:3:prev_hash_mismatch']],
    ['the newest events deleted, past the checkpoint', (c) => [...c[0], ...c[1].slice(0, 2), ...c[2]], ['22:3:tail_missing']],
    ['every event of a case deleted', (c) => [...c[0], ...c[2]], ['22:3:case_missing']],
    ['the last case deleted', (c) => [...c[0], ...c[1]], ['33:3:case_missing']],
    ['an event before the checkpoint rewritten with the rest of its chain', (c) => [...c[0], ...rewriteFrom(c[1], 2), ...c[2]], ['22:3:checkpoint_mismatch']],
    ['two events swapped', (c) => [...c[0], c[1][0], c[1][2], c[1][1], c[1][3], ...c[2]], ['22:3:seq_gap', '22:3:prev_hash_mismatch', '22:2:seq_out_of_order', '22:2:prev_hash_mismatch', '22:4:prev_hash_mismatch']],
    ['cases out of order', (c) => [...c[1], ...c[0], ...c[2]], ['11:3:case_missing', '11:1:export_order']],
  ])('should report %s', async (_name, tamper, expected) => {
    const f = fixture();
    const r = await run(tamper(f.chains), f);
    expect(r.ok).toBe(false);
    expect(reasons(r)).toEqual(expected);
  });

  it('should catch altered leaves, an altered checkpoint, another key and a changed system head', async () => {
    const f = fixture();
    const all = [...f.chains.flat(), ...f.system];
    expect(reasons(await run(all, { ...f, leaves: f.leaves.slice(1) }))).toEqual(['-:7:cases_root', '-:7:case_count']);
    expect(reasons(await run(all, { ...f, checkpoint: { ...f.checkpoint, caseCount: 2 } }))).toEqual(['-:7:checkpoint_hash', '-:7:case_count']);
    const other = generateKeyPairSync('ed25519').publicKey;
    expect(reasons(await run(all, f, { publicKey: other }))).toEqual(['-:7:checkpoint_key']);
    const forgedSystem = rewriteFrom(f.system, 1);
    expect(reasons(await run([...f.chains.flat(), ...forgedSystem], f))).toEqual(['-:2:system_head_mismatch']);
  });

  it('should report a line that is not an event', async () => {
    const f = fixture();
    const r = await verifyExport({ events: from([...f.chains[0], { malformed: 'not JSON', line: 5 }]) });
    expect(r.failures.map((x) => x.reason)).toEqual([`${EXPORT_FAILURE.malformed} (line 5: not JSON)`]);
    expect(CHAIN_FAILURE.hashMismatch).toMatch(/^hash_mismatch/);
    expect(CHECKPOINT_FAILURE.caseMissing).toMatch(/^case_missing/);
  });
});

/** The attacker's rewrite: from `seq` on, new content, re-hashed and re-linked (a consistent but different chain). */
function rewriteFrom(events: ChainEvent[], seq: number): ChainEvent[] {
  const out: ChainEvent[] = [];
  for (const e of events) {
    if (e.seq < seq) {
      out.push(e);
      continue;
    }
    const prev = out[out.length - 1];
    const partial = { ...e, data: { ...e.data, forged: true }, prevHash: prev ? prev.hash : GENESIS_HASH };
    out.push({ ...partial, hash: hashEvent(partial) });
  }
  return out;
}
