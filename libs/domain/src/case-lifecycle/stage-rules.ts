import { STAGES, type EvidenceType, type Stage } from '@sentinel/contracts';
import type { CaseState } from './case-state';

/** Stages a supervisor may waive (review never: it ends only by a resolution). */
export const WAIVABLE_STAGES: readonly Stage[] = ['freeze', 'police_report', 'merchant_contact', 'evidence'];

/** Evidence required to leave the evidence stage (police_receipt not when police_report was waived). */
export const REQUIRED_EVIDENCE: readonly EvidenceType[] = ['transaction_records', 'police_receipt'];

export function stageIndex(stage: Stage): number {
  return STAGES.indexOf(stage);
}

export function nextStage(stage: Stage): Stage | null {
  const i = stageIndex(stage);
  return i >= 0 && i < STAGES.length - 1 ? STAGES[i + 1] : null;
}

export function isWaivableStage(stage: Stage): boolean {
  return WAIVABLE_STAGES.includes(stage);
}

export interface ExitRuleResult {
  met: boolean;
  missing: string[];
}

const hasText = (s: string | null | undefined): boolean => typeof s === 'string' && s.trim().length > 0;
const isValidDate = (d: unknown): boolean => d instanceof Date && !Number.isNaN(d.getTime());

function missingPoliceFacts(c: CaseState): string[] {
  const p = c.policeReport;
  const missing: string[] = [];
  if (!p || !hasText(p.agency)) missing.push('police_report.agency');
  if (!p || !hasText(p.reportNumber)) missing.push('police_report.report_number');
  if (!p || !isValidDate(p.filedAt)) missing.push('police_report.filed_at');
  return missing;
}

/** Required evidence types not (or no longer) attached. */
export function missingEvidence(c: CaseState): EvidenceType[] {
  const required = REQUIRED_EVIDENCE.filter(
    (t) => t !== 'police_receipt' || !c.waivedStages.includes('police_report'),
  );
  return required.filter((t) => !c.evidence.some((e) => e.type === t && !e.removed));
}

/** Whether the facts recorded satisfy the exit condition of a stage (docs/domain.md "Case lifecycle"). */
export function exitRuleFor(c: CaseState, stage: Stage): ExitRuleResult {
  let missing: string[];
  switch (stage) {
    case 'freeze':
      missing = c.freeze.confirmedAt ? [] : ['freeze.confirmed'];
      break;
    case 'police_report':
      missing = missingPoliceFacts(c);
      break;
    case 'merchant_contact':
      missing = c.merchantContacts.some((m) => m.outcome === 'reached' && hasText(m.findings))
        ? []
        : ['merchant_contact.reached'];
      break;
    case 'evidence':
      missing = missingEvidence(c);
      break;
    case 'review':
      missing = ['review.resolution'];
      break;
  }
  return { met: missing.length === 0, missing };
}

/** The exit rule of the case's current stage. */
export function exitRule(c: CaseState): ExitRuleResult {
  return exitRuleFor(c, c.stage);
}
