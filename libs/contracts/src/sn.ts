/**
 * Terminal serial numbers (docs/api.md "Conventions"): one definition of the normalisation and the valid form,
 * shared by the API, the worker and the console (which shows the normalised SN as it is typed). Pure; no I/O.
 */

/** Valid form of a normalised terminal serial number. */
export const SN_PATTERN = /^[A-Z0-9-]{6,32}$/;
export const SN_MIN_LENGTH = 6;
export const SN_MAX_LENGTH = 32;
export const SN_FORMAT_MESSAGE = 'must be 6–32 characters of A–Z, 0–9 and -';

/** Unicode whitespace (\s covers U+3000, NBSP, tabs, line separators, U+FEFF) and zero-width characters. */
const WHITESPACE = /[\s\u200B-\u200D\u2060]+/gu;

/**
 * NFKC first (full-width `ＡＢ１２` from Chinese input methods becomes `AB12`, U+3000 becomes a space),
 * then every whitespace character removed, then upper-cased.
 */
export function normaliseSn(raw: string): string {
  return raw.normalize('NFKC').replace(WHITESPACE, '').toUpperCase();
}

/** Whether an already normalised SN has the valid form. */
export function isValidSn(sn: string): boolean {
  return SN_PATTERN.test(sn);
}
