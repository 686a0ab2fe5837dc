import { StringDecoder } from 'node:string_decoder';
import { canonicalJson, type ChainEvent } from '@sentinel/domain';
import { csvLine } from './csv-line';

/** The CSV export's columns (docs/api.md "Audit": `actor` split, `data` as canonical JSON). */
export const CSV_COLUMNS = ['caseId', 'seq', 'at', 'actorId', 'actorRole', 'action', 'data', 'prevHash', 'hash'];

/** The CSV record of an exported event (`data` as RFC 8785 canonical JSON text, which PostgreSQL cannot write). */
export function csvEventLine(e: ChainEvent): string {
  return csvLine([e.caseId ?? '', e.seq, e.at, e.actor.id, e.actor.role, e.action, canonicalJson(e.data), e.prevHash, e.hash]);
}

/**
 * The JSON Lines export's bytes (as COPY sends them: chunks cut anywhere, even inside a UTF-8 character) as CSV
 * records, one string per chunk: each chunk's rows are short-lived and its string small, so the heap stays flat.
 */
export async function* csvFromJsonLines(source: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of source) {
    const text = rest + decoder.write(chunk);
    const end = text.lastIndexOf('\n');
    if (end === -1) {
      rest = text;
      continue;
    }
    rest = text.slice(end + 1);
    let out = '';
    for (let i = 0; i < end; ) {
      const nl = text.indexOf('\n', i);
      out += csvEventLine(JSON.parse(text.slice(i, nl)) as ChainEvent);
      i = nl + 1;
    }
    yield out;
  }
  rest += decoder.end();
  if (rest) throw new Error('export stream ended inside a line');
}
