import { createHash } from 'node:crypto';
import {
  buildEvent,
  CHAIN_FAILURE,
  GENESIS_HASH,
  hashEvent,
  toIsoMillis,
  truncateToMillis,
  verifyChain,
  type ChainEvent,
} from './audit-chain';
import { canonicalJson, requestHash, sha256Hex } from './canonical-json';

const T0 = new Date('2026-11-25T08:00:00.123Z');
const actor = { id: 'u-1', role: 'analyst' };

function chain(n: number, caseId: string | null = 'case-1'): ChainEvent[] {
  const events: ChainEvent[] = [];
  for (let i = 0; i < n; i++) {
    events.push(
      buildEvent(events[i - 1] ?? null, {
        caseId,
        at: new Date(T0.getTime() + i * 1000),
        actor,
        action: i === 0 ? 'case.opened' : 'add_note',
        data: { i, text: `note ${i}` },
      }),
    );
  }
  return events;
}
const head = (events: ChainEvent[]) => ({ lastSeq: events.at(-1)!.seq, headHash: events.at(-1)!.hash });
const reasons = (r: ReturnType<typeof verifyChain>) => r.failures.map((f) => `${f.seq}:${f.reason.split(':')[0]}`);

describe('canonicalJson', () => {
  it.each<[unknown, string]>([
    [{ b: 1, a: [true, null, 'x'] }, '{"a":[true,null,"x"],"b":1}'],
    [{ z: { y: 2, x: 1 }, u: undefined }, '{"z":{"x":1,"y":2}}'],
    [{ n: 1.0, e: 1e21, f: 0.000001 }, '{"e":1e+21,"f":0.000001,"n":1}'],
    [{ '\u20ac': 1, '\r': 2, a: 3 }, '{"\\r":2,"a":3,"€":1}'],
    [{ d: new Date('2026-01-01T00:00:00Z') }, '{"d":"2026-01-01T00:00:00.000Z"}'],
    [undefined, 'null'],
    ['中文', '"中文"'],
  ])('canonicalJson(%j) → %s', (value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('should hash requests independently of key order', () => {
    expect(requestHash({ a: 1, b: [1, 2] })).toBe(requestHash({ b: [1, 2], a: 1 }));
    expect(requestHash({ a: 1 })).not.toBe(requestHash({ a: 2 }));
    expect(requestHash({ a: 1 })).toBe(sha256Hex('{"a":1}'));
  });

  it('should hash strings and buffers alike', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex(Buffer.from('abc'))).toBe(sha256Hex('abc'));
  });
});

describe('time helpers', () => {
  it('should serialise with milliseconds and Z', () => {
    expect(toIsoMillis(new Date('2026-11-25T16:00:00.5+08:00'))).toBe('2026-11-25T08:00:00.500Z');
    expect(truncateToMillis(T0).getTime()).toBe(T0.getTime());
    expect(() => toIsoMillis(new Date('nope'))).toThrow(RangeError);
  });
});

describe('buildEvent / hashEvent', () => {
  it('should start at seq 1 from the genesis hash and link each event to the previous', () => {
    const [a, b] = chain(2);
    expect(a).toMatchObject({ seq: 1, prevHash: GENESIS_HASH, at: '2026-11-25T08:00:00.123Z' });
    expect(b).toMatchObject({ seq: 2, prevHash: a.hash, at: '2026-11-25T08:00:01.123Z' });
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('should hash exactly { caseId, seq, at, actor, action, data, prevHash } as canonical JSON', () => {
    const e = buildEvent(null, { caseId: 'c', at: T0, actor, action: 'claim', data: { before: { assigneeId: null }, after: { assigneeId: 'u-1' } } });
    const expectedJson =
      '{"action":"claim","actor":{"id":"u-1","role":"analyst"},"at":"2026-11-25T08:00:00.123Z","caseId":"c",' +
      '"data":{"after":{"assigneeId":"u-1"},"before":{"assigneeId":null}},"prevHash":"' + GENESIS_HASH + '","seq":1}';
    expect(e.hash).toBe(createHash('sha256').update(expectedJson).digest('hex'));
    // Extra actor fields are not hashed.
    expect(hashEvent({ ...e, actor: { ...actor, name: 'Ann' } as typeof actor })).toBe(e.hash);
  });

  it('should store data as the plain JSON that was hashed', () => {
    const e = buildEvent(null, { caseId: null, at: T0, actor, action: 'user.created', data: { at: new Date(T0), gone: undefined } });
    expect(e.data).toEqual({ at: '2026-11-25T08:00:00.123Z' });
    expect(verifyChain([e]).ok).toBe(true);
    expect(e.caseId).toBeNull();
  });
});

describe('verifyChain', () => {
  it('should accept an intact chain and its head', () => {
    const events = chain(5);
    expect(verifyChain(events, head(events))).toEqual({ ok: true, eventsChecked: 5, failures: [] });
    expect(verifyChain([], { lastSeq: 0, headHash: GENESIS_HASH })).toEqual({ ok: true, eventsChecked: 0, failures: [] });
  });

  it.each<[string, (events: ChainEvent[]) => ChainEvent[], boolean, string[]]>([
    ['altered data', (es) => es.map((e) => (e.seq === 3 ? { ...e, data: { ...e.data, text: 'edited' } } : e)), true, ['3:hash_mismatch']],
    ['altered time', (es) => es.map((e) => (e.seq === 2 ? { ...e, at: '2026-11-25T08:00:01.124Z' } : e)), true, ['2:hash_mismatch']],
    ['altered actor', (es) => es.map((e) => (e.seq === 1 ? { ...e, actor: { id: 'u-9', role: 'analyst' } } : e)), true, ['1:hash_mismatch']],
    [
      'altered and re-hashed (breaks the next link)',
      (es) => es.map((e) => (e.seq === 3 ? rehash({ ...e, data: { forged: true } }) : e)),
      true,
      ['4:prev_hash_mismatch'],
    ],
    [
      'inserted in the middle with a duplicate seq',
      (es) => [...es.slice(0, 2), rehash({ ...es[1], data: { sneaky: true } }), ...es.slice(2)],
      false,
      ['2:seq_duplicate', '2:prev_hash_mismatch', '3:prev_hash_mismatch'],
    ],
    ['deleted in the middle', (es) => es.filter((e) => e.seq !== 3), true, ['4:seq_gap', '4:prev_hash_mismatch']],
    ['deleted the newest (caught by the head)', (es) => es.slice(0, 4), true, ['5:head_seq_mismatch']],
    ['deleted everything', () => [], true, ['5:head_seq_mismatch']],
    ['swapped order', (es) => [es[0], es[2], es[1], es[3], es[4]], true, ['3:seq_gap', '3:prev_hash_mismatch', '2:seq_out_of_order', '2:prev_hash_mismatch', '4:prev_hash_mismatch']],
    ['moved to another case', (es) => es.map((e) => (e.seq === 2 ? { ...e, caseId: 'case-2' } : e)), true, ['2:case_mismatch', '2:hash_mismatch']],
  ])('should detect: %s', (_name, tamper, useHead, expected) => {
    const events = chain(5);
    const result = verifyChain(tamper(events), useHead ? head(events) : undefined, { caseId: 'case-1' });
    expect(result.ok).toBe(false);
    expect(reasons(result)).toEqual(expected);
    expect(result.failures.every((f) => f.caseId === 'case-1')).toBe(true);
  });

  it('should catch a replaced newest event through the head hash', () => {
    const events = chain(3);
    const forged = buildEvent(events[1], { caseId: 'case-1', at: T0, actor, action: 'add_note', data: { text: 'forged' } });
    const result = verifyChain([events[0], events[1], forged], head(events));
    expect(reasons(result)).toEqual(['3:head_hash_mismatch']);
  });

  it('should verify a range continuing from a known event', () => {
    const events = chain(6);
    expect(verifyChain(events.slice(3), head(events), { after: events[2] }).ok).toBe(true);
    expect(reasons(verifyChain(events.slice(3), undefined, { after: events[1] }))).toEqual(['4:seq_gap', '4:prev_hash_mismatch']);
  });

  it('should expose human-readable reasons', () => {
    const result = verifyChain(chain(2).slice(1));
    expect(result.failures[0]).toEqual({ caseId: 'case-1', seq: 2, reason: CHAIN_FAILURE.seqGap });
  });
});

function rehash(e: ChainEvent): ChainEvent {
  const { hash: _hash, ...rest } = e;
  return { ...rest, hash: hashEvent(rest) };
}
