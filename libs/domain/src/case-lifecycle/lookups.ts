import type { CaseChange } from './case-change';

/**
 * Facts from outside the case that a change needs, read in the same statement as the case state (the loader
 * turns each into a ChangeContext field). Values come from unvalidated input: they are only ever looked up,
 * and the plan still checks them.
 */
export interface CaseLookups {
  /** a bank by code; `true` = the case's own bank → `ctx.bank` */
  bank?: string | true;
  /** a proposed assignee, read FOR SHARE → `ctx.assignee` */
  assigneeId?: string;
  /** whether the acting user is still active, read FOR SHARE → `ctx.actorActive` */
  actorId?: string;
  /** whether the case's SN has another open case → `ctx.snHasOtherOpenCase` */
  snOtherOpenCase?: boolean;
  /** whether a case exists → `ctx.duplicateOf` */
  duplicateOfId?: string;
  /** a notification of the case, locked after the case row → `ctx.notification` */
  notificationId?: string;
  /** an evidence item of the case → `ctx.evidenceItem` */
  evidenceId?: string;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BANK_CODE_RE = /^[A-Za-z0-9_]{2,16}$/;
const uuid = (v: unknown): string | undefined => (typeof v === 'string' && UUID_RE.test(v) ? v : undefined);

/** What to load beside the state for a change (policies for new clocks are always loaded). */
export function lookupsFor(change: CaseChange): CaseLookups {
  switch (change.kind) {
    case 'action': {
      const p = change.payload ?? {};
      switch (change.action) {
        case 'request_freeze':
          return { bank: typeof p.bankCode === 'string' && BANK_CODE_RE.test(p.bankCode) ? p.bankCode.toUpperCase() : true };
        case 'confirm_freeze':
          return typeof p.bankCode === 'string' && BANK_CODE_RE.test(p.bankCode) ? { bank: p.bankCode.toUpperCase() } : {};
        case 'assign':
          return uuid(p.assigneeId) ? { assigneeId: uuid(p.assigneeId) } : {};
        case 'claim':
          return { actorId: change.actor.id };
        case 'reopen':
          return { snOtherOpenCase: true };
        case 'resolve':
        case 'close_early':
          return uuid(p.duplicateOfCaseId) ? { duplicateOfId: uuid(p.duplicateOfCaseId) } : {};
        default:
          return {};
      }
    }
    case 'bank_freeze_confirmed':
    case 'bank_freeze_rejected':
    case 'bank_unfreeze_confirmed':
    case 'delivery_attempt':
    case 'notification_retry':
      return { notificationId: change.notificationId };
    case 'remove_evidence':
      return { evidenceId: change.evidenceId };
    default:
      return {};
  }
}
