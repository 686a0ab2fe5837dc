/**
 * What an evidence file may be called (docs/api.md "Evidence"): the extensions each detected media type may carry,
 * plain text always named `.txt`, and display names without paths, control or Unicode format characters (a
 * right-to-left override turns `invoice_fdp.exe` into what reads as `invoice_exe.pdf`).
 */

/** Extensions allowed per detected media type (lower case, without the dot; `''` = a name without one). */
export const EVIDENCE_EXTENSIONS: Readonly<Record<string, readonly string[]>> = {
  'application/pdf': ['pdf'],
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'text/csv': ['csv'],
  'application/json': ['json'],
  'text/plain': ['txt', 'text', 'log', ''],
};

/** The media type a text file's extension names (text content only); `undefined` for an extension text may not have. */
export function textMediaTypeOf(extension: string): string | undefined {
  for (const type of ['text/csv', 'application/json', 'text/plain']) if (EVIDENCE_EXTENSIONS[type].includes(extension)) return type;
  return undefined;
}

/** The extension of a name (1–8 letters or digits after the last dot, lower case), `''` when it has none. */
export function extensionOf(fileName: string): string {
  const m = /\.([A-Za-z0-9]{1,8})$/.exec(fileName);
  return m ? m[1].toLowerCase() : '';
}

/**
 * Whether `extension` may name a file of `mediaType`. A media type outside the table (one an operator added to
 * `EVIDENCE_MEDIA_TYPES`) takes the extension its content detection reports (`fallback`).
 */
export function isExtensionAllowed(mediaType: string, extension: string, fallback?: string): boolean {
  const allowed = EVIDENCE_EXTENSIONS[mediaType] ?? (fallback ? [fallback] : []);
  return allowed.includes(extension);
}

/** The extensions a media type may carry, for a refusal's message (`.pdf`, `.jpg`, …; "no extension" for `''`). */
export function describeExtensions(mediaType: string): string {
  return (EVIDENCE_EXTENSIONS[mediaType] ?? []).map((e) => (e ? `.${e}` : 'no extension')).join(', ');
}

// Control (Cc), format (Cf: bidi overrides and isolates, zero-width joiners, BOM, soft hyphen …), line and paragraph
// separators (Zl, Zp), private-use code points and lone surrogates. (Unassigned code points are kept: which ones
// are unassigned depends on the Node.js version's Unicode tables.)
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cs}]/gu;

/**
 * A display name only: the last path segment, Unicode NFC, no control, format or invisible characters, spaces
 * collapsed, no leading or trailing dots or spaces (Windows drops trailing ones, so `a.pdf.` would open as `.pdf`),
 * at most 200 characters keeping the extension.
 */
export function cleanEvidenceFileName(raw: string | null | undefined): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(/\s+/gu, ' ')
    .replace(/^[\s.]+|[\s.]+$/gu, '');
  const name = cleaned || 'upload';
  if (name.length <= 200) return name;
  const ext = extensionOf(name);
  const tail = ext ? `.${ext}` : '';
  return name.slice(0, 200 - tail.length) + tail;
}

/** The name a file of `mediaType` is stored and served under: plain text always ends `.txt` (`run.log` → `run.log.txt`). */
export function evidenceFileName(cleanName: string, mediaType: string): string {
  if (mediaType !== 'text/plain' || extensionOf(cleanName) === 'txt') return cleanName;
  const withTxt = `${cleanName}.txt`;
  return withTxt.length <= 200 ? withTxt : `${cleanName.slice(0, 196)}.txt`;
}

/** The name an item is listed and downloaded under, also for rows stored before these rules: cleaned, text `.txt`. */
export function servedEvidenceName(storedName: string, mediaType: string): string {
  return evidenceFileName(cleanEvidenceFileName(storedName), mediaType);
}
