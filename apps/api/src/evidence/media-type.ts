import { fromBuffer } from 'file-type';
import { describeExtensions, evidenceFileName, extensionOf, isExtensionAllowed, textMediaTypeOf } from '@sentinel/domain';

export const TEXT_MEDIA_TYPES = new Set(['text/csv', 'text/plain', 'application/json']);

/** What an upload is: its media type and the name it is stored under, or why it is refused. */
export type EvidenceFileVerdict =
  | { ok: true; mediaType: string; fileName: string }
  | { ok: false; mediaType: string | null; reason: string };

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
 * Judges a file by its content and its (already cleaned) name: the bytes decide the media type (magic numbers;
 * else UTF-8 text), and the name's extension must be one allowed for that type (`EVIDENCE_EXTENSIONS` in
 * libs/domain) — a PDF named `.html`, a script named `.sh` or a renamed `.exe` is refused. Plain text is
 * stored as `.txt`.
 */
export async function judgeEvidenceFile(head: Buffer, fileName: string): Promise<EvidenceFileVerdict> {
  const ext = extensionOf(fileName);
  const detected = await fromBuffer(head);
  if (detected) {
    if (!isExtensionAllowed(detected.mime, ext, detected.ext)) {
      return { ok: false, mediaType: detected.mime, reason: `its content is ${detected.mime}, which must be named ${describeExtensions(detected.mime) || `.${detected.ext}`}` };
    }
    return { ok: true, mediaType: detected.mime, fileName };
  }
  if (!looksLikeText(head)) return { ok: false, mediaType: null, reason: 'its content is not a recognised format' };
  const mediaType = textMediaTypeOf(ext);
  if (!mediaType) return { ok: false, mediaType: null, reason: `a text file must be named .txt, .log, .csv or .json, not .${ext}` };
  if (mediaType === 'application/json') {
    const t = head.toString('utf8').trimStart();
    if (!t.startsWith('{') && !t.startsWith('[')) return { ok: false, mediaType: null, reason: 'it is named .json but is not JSON' };
  }
  return { ok: true, mediaType, fileName: evidenceFileName(fileName, mediaType) };
}
