import type { TerminalView } from './cases';

/** `/api/terminals` rows and records: the master data (personal fields masked) and the open case on the terminal. */
export interface TerminalRecord extends TerminalView {
  openCaseId: string | null;
}

export const REVEALABLE_FIELDS = ['settlementAccount', 'merchantCreditCode'] as const;
export type RevealableField = (typeof REVEALABLE_FIELDS)[number];

/** `POST /api/terminals/:id/reveal`. */
export interface RevealRequest {
  field: RevealableField;
  /** 3–500 characters, recorded in the system chain. */
  reason: string;
}

/** The unmasked value (the reveal is recorded, never the value). */
export interface RevealedValue {
  field: RevealableField;
  value: string | null;
}
