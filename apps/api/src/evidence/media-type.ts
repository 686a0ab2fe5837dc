import { fromBuffer } from 'file-type';

const TEXT_TYPES: Record<string, string> = { csv: 'text/csv', txt: 'text/plain', text: 'text/plain', log: 'text/plain', json: 'application/json' };
const BINARY_BY_EXT: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export const TEXT_MEDIA_TYPES = new Set(['text/csv', 'text/plain', 'application/json']);

function extensionOf(fileName: string): string {
  const m = /\.([A-Za-z0-9]{1,8})$/.exec(fileName);
  return m ? m[1].toLowerCase() : '';
}

/** Looks like UTF-8 text: decodes cleanly and has no NUL or other binary control bytes. */
function looksLikeText(head: Buffer): boolean {
  if (head.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, Math.max(0, head.length - 4)));
  } catch {
    return false;
  }
  // eslint-disable-next-line no-control-regex
  return !/[\x01-\x08\x0e-\x1a\x1c-\x1f]/.test(head.toString('latin1'));
}

/**
 * Judges a file's media type by its content as well as its name: the bytes must be of the type the
 * name claims (a renamed .exe is not a PDF). Returns null when the two disagree or the type is unknown.
 */
export async function sniffMediaType(head: Buffer, fileName: string): Promise<string | null> {
  const ext = extensionOf(fileName);
  const detected = await fromBuffer(head);
  if (detected) {
    const byExt = BINARY_BY_EXT[ext];
    if (byExt && byExt !== detected.mime) return null;
    if (!byExt && ext && TEXT_TYPES[ext]) return null;
    return detected.mime;
  }
  if (BINARY_BY_EXT[ext]) return null; // claims a binary format the bytes don't have
  if (!looksLikeText(head)) return null;
  if (ext && TEXT_TYPES[ext]) {
    if (TEXT_TYPES[ext] === 'application/json') {
      const t = head.toString('utf8').trimStart();
      if (!t.startsWith('{') && !t.startsWith('[')) return null;
    }
    return TEXT_TYPES[ext];
  }
  return 'text/plain';
}
