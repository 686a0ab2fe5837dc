/**
 * Card-number (PAN) rules: a full PAN is never stored (docs/api.md "Reports and cases").
 * A full PAN is 13–19 digits passing the Luhn check; a masked PAN shows at most the first 6
 * and the last 4 digits.
 */
export const PAN_MIN_DIGITS = 13;
export const PAN_MAX_DIGITS = 19;
export const DEFAULT_PAN_EXEMPT_KEYS: readonly string[] = ['sn', 'merchantId', 'terminalId', 'tid', 'mid'];

export function luhnValid(digits: string): boolean {
  if (!/^\d{2,}$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Maximal runs of digit groups joined by a single space or dash. */
const DIGIT_RUN = /\d+(?:[ -]\d+)*/g;

/**
 * True when `text` holds what looks like a full card number: 13–19 digits (written as one block,
 * or as groups separated by single spaces or dashes, e.g. `6228 4800 1234 5678 901`) passing Luhn.
 * A block of digits is never cut: a 25-digit reference number is not a PAN; but consecutive groups
 * of a longer grouped run are tried (`6228 4800 1234 5678 901 100` still holds a PAN).
 */
export function findPan(text: string): boolean {
  for (const match of text.matchAll(DIGIT_RUN)) {
    const groups = match[0].split(/[ -]/);
    for (let start = 0; start < groups.length; start++) {
      let candidate = '';
      for (let end = start; end < groups.length; end++) {
        candidate += groups[end];
        if (candidate.length > PAN_MAX_DIGITS) break;
        if (candidate.length >= PAN_MIN_DIGITS && luhnValid(candidate)) return true;
      }
    }
  }
  return false;
}

/**
 * A card-number field (`maskedPan`) holding 13–19 digits and no mask: a full card number whether or not it
 * passes Luhn (Luhn only keeps free text from false alarms; in this field there is nothing else it can be).
 */
export function isUnmaskedPan(s: string): boolean {
  const digits = s.replace(/[ -]/g, '');
  return digits.length >= PAN_MIN_DIGITS && digits.length <= PAN_MAX_DIGITS && /^\d+$/.test(digits);
}

const MASKED_PAN = /^(\d{0,6})([*Xx•]+)(\d{0,4})$/u;

/** `622848******1234`: at most the first 6 and last 4 digits visible, the rest masked, 13–19 long. */
export function isValidMaskedPan(s: string): boolean {
  const length = [...s].length;
  if (length < PAN_MIN_DIGITS || length > PAN_MAX_DIGITS) return false;
  return MASKED_PAN.test(s);
}

/**
 * Dotted paths (`transactions.3.maskedPan`, `description`) of the string fields of `value` holding a
 * full PAN. Fields whose key is exempt (identifiers: real SNs can be long digit strings) are skipped
 * with everything below them. The root value itself, if a string, has the path ''.
 */
export function findPanPaths(value: unknown, exemptKeys: readonly string[] = DEFAULT_PAN_EXEMPT_KEYS): string[] {
  const exempt = new Set(exemptKeys.map((k) => k.toLowerCase()));
  const found: string[] = [];
  const seen = new WeakSet<object>();
  const walk = (v: unknown, path: string): void => {
    if (typeof v === 'string') {
      if (findPan(v)) found.push(path);
      return;
    }
    if (v === null || typeof v !== 'object' || v instanceof Date || seen.has(v)) return;
    seen.add(v);
    const entries: Array<[string, unknown]> = Array.isArray(v)
      ? v.map((item, i) => [String(i), item])
      : Object.entries(v as Record<string, unknown>);
    for (const [key, child] of entries) {
      if (!Array.isArray(v) && exempt.has(key.toLowerCase())) continue;
      walk(child, path ? `${path}.${key}` : key);
    }
  };
  walk(value, '');
  return found;
}
