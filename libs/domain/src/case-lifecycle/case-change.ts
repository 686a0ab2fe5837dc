import type { CaseAction, EvidenceType, MisuseType, Money, Outcome } from '@sentinel/contracts';
import type { PriorityInput } from '../priority/priority';
import type { ActorCtx, AuditActor } from './case-state';
import type { ReportRecord } from './change-plan';
import type { IntakeTrustPolicy, ReportCredential } from './intake-trust';
import type { WatchlistMatch } from './watchlist-plans';

/**
 * Every kind of change a case can undergo — a person's action, a report, a bank's answer, the worker's timers
 * and delivery bookkeeping. One variant per fact; `planChange` turns it into a ChangePlan. A new kind of change
 * is a new variant here, its plan, and its tests.
 */
export type CaseChange =
  | OpenCaseChange
  | ImportCaseChange
  | LinkReportChange
  | ActionChange
  | AddEvidenceChange
  | RemoveEvidenceChange
  | BankCallbackChange
  | SlaTimerChange
  | HoldTimerChange
  | RegulatoryTimerChange
  | DeliveryAttemptChange
  | NotificationRetryChange
  | UnassignChange
  | FreezeNoticeCheckChange;

export type CaseChangeKind = CaseChange['kind'];

/** A report as the intake hands it to the plan: the record to store and the facts the rules look at. */
export interface IncomingReport {
  record: ReportRecord;
  channel: string;
  misuseType: MisuseType;
  /** normalised identifiers from the report (they win over master data on a new case) */
  merchantId: string | null;
  merchantName: string | null;
  tid: string | null;
  amountAtRisk: Money | null;
  /** what priority is derived from (docs/domain.md "Priority") */
  priority: PriorityInput;
}

/** A report opens a case (the SN has no open case). */
export interface OpenCaseChange {
  kind: 'open_case';
  actor: AuditActor;
  report: IncomingReport;
  /** `case_reference_seq` value of the new case */
  referenceSeq: number;
  terminal: { id: string; sn: string; bankCode: string | null; merchantId: string | null; merchantName: string | null; tid: string | null };
  /** the acquiring bank: the terminal's from master data, else the report's (with whether it is active), or none */
  bank: { code: string; active: boolean } | null;
  teamId: string | null;
  /** the terminal's time zone, else the deployment's (risk signal "off hours") */
  timeZone: string;
  /** how the report came in, as the credential says: `decideAutoFreeze` judges the freeze request at opening */
  credential: ReportCredential;
  /** the deployment's settings of that rule (docs/api.md "Who may trigger the automatic freeze") */
  trust: IntakeTrustPolicy;
  /** active watchlist entries the report's SN or MID matched */
  watchlist?: WatchlistMatch[];
}

/** A report for one new case, as the historical import brings it: the original times are in the reports' records. */
export interface ImportedReport {
  report: IncomingReport;
  /** the row's `externalId` (stored on the report: re-running a file imports nothing twice) */
  externalId: string;
  /** the CSV row number (1 = the first row after the header) */
  row: number;
  occurredAt: Date | null;
}

/**
 * Historical import (docs/api.md "Historical import"): one new case from one or more reports of one SN (the first
 * opens it, the others link), already closed when `closing` is set. No clocks, notifications or alerts: the past
 * is not worked again.
 */
export interface ImportCaseChange {
  kind: 'import_case';
  actor: AuditActor;
  reports: ImportedReport[];
  referenceSeq: number;
  terminal: OpenCaseChange['terminal'];
  bank: { code: string; active: boolean } | null;
  teamId: string | null;
  timeZone: string;
  /** what the events say the import came from (the file's SHA-256 for the CLI, the import's id over HTTP) */
  source: { fileSha256?: string; importId?: string };
  closing: { outcome: Outcome; closedAt: Date } | null;
}

/** A change that creates its case (no state is loaded for it). */
export type NewCaseChange = OpenCaseChange | ImportCaseChange;

/** A report links to the SN's open case. */
export interface LinkReportChange {
  kind: 'link_report';
  actor: AuditActor;
  report: IncomingReport;
  timeZone: string;
  /** a historical import's row: its original times and source, kept in the event's `data.imported` */
  imported?: Record<string, unknown>;
  /** active watchlist entries the report's SN or MID matched */
  watchlist?: WatchlistMatch[];
}

/** A case action (docs/api.md "Case actions"), also each item of a bulk request and claim-next's claim. */
export interface ActionChange {
  kind: 'action';
  action: CaseAction;
  /** the validated body (without `version`) */
  payload: Record<string, unknown>;
  actor: ActorCtx;
  /** the version the caller read (checked first: 409 when stale) */
  version?: unknown;
  /** a bulk item: no version check (docs/api.md "bulk") */
  bulk?: boolean;
  /** extra facts for the event (claim-next: `{ via: 'claim-next', queueId }`) */
  eventData?: Record<string, unknown>;
}

export interface AddEvidenceChange {
  kind: 'add_evidence';
  actor: ActorCtx;
  item: { type: EvidenceType; fileName: string; size: number; mediaType: string; sha256: string; storageKey: string; description: string | null };
}

export interface RemoveEvidenceChange {
  kind: 'remove_evidence';
  actor: ActorCtx;
  evidenceId: string;
  reason: string;
}

/** A verified bank callback (docs/api.md "Banks and notifications"); the notification is loaded as a fact. */
export interface BankCallbackChange {
  kind: 'bank_freeze_confirmed' | 'bank_freeze_rejected' | 'bank_unfreeze_confirmed';
  bankCode: string;
  notificationId: string;
  caseReference: string;
  webhookId: string;
  /** when the bank says it acted */
  at: Date;
  bankReference: string | null;
  reason: string | null;
}

/** A stage clock's timer (warning or due moment) woke the worker up; the clock decides what happened. */
export interface SlaTimerChange {
  kind: 'sla_timer';
  clockId: string;
  timer: 'warning' | 'due';
}

/** A hold's alarm (lead time before expiry) or expiry timer woke the worker up; the hold row decides. */
export interface HoldTimerChange {
  kind: 'hold_timer';
  holdId: string;
  timer: 'warning' | 'due';
}

/** A regulatory clock's warning or due moment woke the worker up; the clock row decides. */
export interface RegulatoryTimerChange {
  kind: 'regulatory_timer';
  clockId: string;
  timer: 'warning' | 'due';
}

/** The result of one delivery attempt of a claimed notification (the worker, after the HTTP call). */
export interface DeliveryAttemptChange {
  kind: 'delivery_attempt';
  notificationId: string;
  generation: number;
  /** the claim's token (`updated_at` as the claim set it) */
  claimedAt: Date;
  attemptNo: number;
  startedAt: Date;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  outcome: 'delivered' | 'failed';
  /** for a failed attempt: when to try again, or null after the last attempt of the schedule (→ dead) */
  nextAttemptAt: Date | null;
}

/** A supervisor retries a dead notification. */
export interface NotificationRetryChange {
  kind: 'notification_retry';
  notificationId: string;
  actor: AuditActor;
  reason?: string;
}

/** The assignee may no longer hold cases (deactivated, or moved to a role that cannot). */
export interface UnassignChange {
  kind: 'unassign';
  userId: string;
  actor: AuditActor;
  reason: string;
}

/** The sweep looks at a confirmed freeze whose merchant notice may be overdue (docs/domain.md "Merchant notice"). */
export interface FreezeNoticeCheckChange {
  kind: 'freeze_notice_check';
  graceMs: number;
}
