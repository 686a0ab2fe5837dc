/**
 * One CSV record as csv-stringify writes it with its defaults (RFC 4180: a field is quoted when it holds `"`, `,`,
 * CR or LF, its quotes doubled; records end with LF), without its per-field set-up: the audit export writes ten
 * million of them (csv-line.spec.ts holds the two to the same bytes).
 */
export function csvLine(fields: ReadonlyArray<string | number>): string {
  let out = '';
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    const s = typeof f === 'string' ? f : String(f);
    out += (i ? ',' : '') + (NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  }
  return `${out}\n`;
}

const NEEDS_QUOTES = /[",\r\n]/;
