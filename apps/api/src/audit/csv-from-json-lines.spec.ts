import { buildEvent, type ChainEvent } from '@sentinel/domain';
import { csvEventLine, csvFromJsonLines } from './csv-from-json-lines';

async function csvOf(chunks: Buffer[]): Promise<string> {
  async function* source() {
    yield* chunks;
  }
  let out = '';
  for await (const s of csvFromJsonLines(source())) out += s;
  return out;
}

describe('csvFromJsonLines', () => {
  let prev: ChainEvent | null = null;
  const events: ChainEvent[] = ['备注 😀', 'quote " comma , line\nbreak', '\\ back'].map((text, i) => {
    prev = buildEvent(prev, { caseId: null, at: new Date(Date.UTC(2026, 10, 1, 0, i)), actor: { id: `u,"${i}"`, role: 'admin' }, action: 'test', data: { z: text, a: [i, 1.5] } });
    return prev;
  });
  const bytes = Buffer.from(events.map((e) => `${JSON.stringify(e)}\n`).join(''), 'utf8');
  const expected = events.map(csvEventLine).join('');

  it('should write each line as its CSV record with data as canonical JSON', () => {
    const e = events[0];
    expect(csvEventLine(e)).toBe(`,1,${e.at},"u,""0""",admin,test,"{""a"":[0,1.5],""z"":""备注 😀""}",${e.prevHash},${e.hash}\n`);
  });

  it('should read the same records however the bytes are cut, even inside a UTF-8 character', async () => {
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(await csvOf([bytes.subarray(0, cut), bytes.subarray(cut)])).toBe(expected);
    }
    expect(await csvOf([...bytes].map((b) => Buffer.from([b])))).toBe(expected);
  });

  it('should refuse a stream that ends inside a line', async () => {
    await expect(csvOf([bytes.subarray(0, bytes.length - 2)])).rejects.toThrow('inside a line');
  });
});
