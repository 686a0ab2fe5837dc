import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';

/**
 * The dossier's font: Noto Sans SC from the npm package @fontsource/noto-sans-sc (its "chinese-simplified" subset,
 * which also covers Latin, digits and CJK punctuation). fontsource ships it as WOFF; pdfkit embeds only the glyphs a
 * dossier uses (a few KB), but shaping and subsetting straight from the compressed WOFF with its OpenType layout
 * tables takes seconds per document. So the WOFF is unpacked once per process into a plain TrueType font without the
 * layout tables (GSUB, GPOS, GDEF, BASE: Chinese and Latin text need no shaping) and kept in memory.
 */
const FONT_FILE = '@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-400-normal.woff';
const DROP = new Set(['GSUB', 'GPOS', 'GDEF', 'BASE', 'STAT']);

let cached: Buffer | undefined;

export function dossierFont(): Buffer {
  cached ??= woffToSfnt(readFileSync(require.resolve(FONT_FILE)), DROP);
  return cached;
}

/** WOFF 1.0 → the sfnt (TrueType / OpenType) it wraps, without the `drop` tables. */
export function woffToSfnt(woff: Buffer, drop: Set<string> = new Set()): Buffer {
  if (woff.toString('ascii', 0, 4) !== 'wOFF') throw new Error('not a WOFF 1.0 font');
  const flavor = woff.readUInt32BE(4);
  const numTables = woff.readUInt16BE(12);
  const tables: Array<{ tag: string; checksum: number; data: Buffer }> = [];
  for (let i = 0; i < numTables; i++) {
    const o = 44 + i * 20;
    const tag = woff.toString('ascii', o, o + 4);
    const offset = woff.readUInt32BE(o + 4);
    const compLength = woff.readUInt32BE(o + 8);
    const origLength = woff.readUInt32BE(o + 12);
    const checksum = woff.readUInt32BE(o + 16);
    if (drop.has(tag)) continue;
    const raw = woff.subarray(offset, offset + compLength);
    tables.push({ tag, checksum, data: compLength < origLength ? inflateSync(raw) : Buffer.from(raw) });
  }
  tables.sort((a, b) => (a.tag < b.tag ? -1 : 1));
  const n = tables.length;
  let pow = 1;
  let log = 0;
  while (pow * 2 <= n) {
    pow *= 2;
    log++;
  }
  const header = Buffer.alloc(12 + n * 16);
  header.writeUInt32BE(flavor, 0);
  header.writeUInt16BE(n, 4);
  header.writeUInt16BE(pow * 16, 6);
  header.writeUInt16BE(log, 8);
  header.writeUInt16BE(n * 16 - pow * 16, 10);
  const parts: Buffer[] = [header];
  let offset = header.length;
  tables.forEach((t, i) => {
    const o = 12 + i * 16;
    header.write(t.tag, o, 'ascii');
    header.writeUInt32BE(t.checksum, o + 4);
    header.writeUInt32BE(offset, o + 8);
    header.writeUInt32BE(t.data.length, o + 12);
    const padded = Buffer.alloc((t.data.length + 3) & ~3);
    t.data.copy(padded);
    parts.push(padded);
    offset += padded.length;
  });
  return Buffer.concat(parts);
}
