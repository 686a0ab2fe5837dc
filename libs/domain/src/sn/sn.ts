import { validationFailed } from '../errors';

/** Valid form of a normalised terminal serial number (docs/api.md "Conventions"). */
export const SN_PATTERN = /^[A-Z0-9-]{6,32}$/;
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

export function isValidSn(sn: string): boolean {
  return SN_PATTERN.test(sn);
}

/** The normalised SN, or DomainError VALIDATION.FAILED with `errors.sn`. */
export function parseSn(raw: unknown, field = 'sn'): string {
  if (typeof raw !== 'string') {
    throw validationFailed({ [field]: { code: raw === undefined || raw === null ? 'REQUIRED' : 'INVALID_TYPE', message: SN_FORMAT_MESSAGE } });
  }
  const sn = normaliseSn(raw);
  if (!isValidSn(sn)) throw validationFailed({ [field]: { code: 'PATTERN', message: SN_FORMAT_MESSAGE } });
  return sn;
}

/**
 * `****1234`: only the last `visible` characters shown, for personal fields (settlement account,
 * credit code) and logs. A value no longer than `visible` is masked entirely (`****`).
 */
export function maskTail(value: string | null | undefined, visible = 4): string | null {
  if (value === null || value === undefined) return null;
  if (value.length <= visible) return '****';
  return `****${value.slice(value.length - visible)}`;
}

/** A serial number for logs: last 4 visible. */
export function maskSn(sn: string): string {
  return maskTail(sn, 4) ?? '****';
}
