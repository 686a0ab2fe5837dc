/** `SNC-2026-000123`: UTC year + a sequence of at least 6 digits (docs/api.md "Conventions"). */
export const CASE_REFERENCE_PATTERN = /^SNC-(\d{4})-(\d{6,})$/;

export function formatCaseReference(year: number, seq: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`Invalid case reference year: ${year}`);
  if (!Number.isSafeInteger(seq) || seq < 1) throw new RangeError(`Invalid case reference sequence: ${seq}`);
  return `SNC-${year}-${String(seq).padStart(6, '0')}`;
}

/** The year and sequence of a reference (case-insensitive, trimmed), or null when it is not one. */
export function parseCaseReference(ref: string): { year: number; seq: number } | null {
  const m = CASE_REFERENCE_PATTERN.exec(ref.trim().toUpperCase());
  return m ? { year: Number(m[1]), seq: Number(m[2]) } : null;
}
