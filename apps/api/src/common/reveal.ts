import { findPan } from '@sentinel/domain';
import type { EntityManager } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import { auditActor, type Actor } from '../auth/actor';
import { ProblemException } from './problem.exception';

/** A reveal's reason never holds a card number (422 PAN.DETECTED on `reason`). */
export function assertRevealReason(reason: string): void {
  if (findPan(reason)) {
    throw new ProblemException('PAN.DETECTED', 'The reason holds what looks like a full card number', { fields: ['reason'] }, { reason: { code: 'CARD_NUMBER', message: 'must not hold a full card number' } });
  }
}

/**
 * Records a reveal of personal data in the system chain (`terminal.revealed`, `report.revealed`): who, which field,
 * why — never the value. One shape for every reveal, so the auditor reads them alike.
 */
export function recordReveal(
  em: EntityManager,
  audit: AuditService,
  actor: Actor,
  action: 'terminal.revealed' | 'report.revealed',
  data: Record<string, unknown> & { field: string; reason: string },
): Promise<unknown> {
  return audit.appendSystemEvent(em, { actor: auditActor(actor), action, data });
}
