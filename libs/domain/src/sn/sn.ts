import { isValidSn, normaliseSn, SN_FORMAT_MESSAGE } from '@sentinel/contracts';
import { validationFailed } from '../errors';

// The normalisation and the valid form are defined once in libs/contracts (shared with the console).
export { isValidSn, normaliseSn, SN_FORMAT_MESSAGE, SN_PATTERN } from '@sentinel/contracts';

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
