import type { Money, UserRef } from './common';
import type {
  AllowedAction,
  CaseStatus,
  ClockState,
  ContactChannel,
  ContactOutcome,
  EvidenceType,
  MisuseType,
  NoticeChannel,
  NotifiedBy,
  Outcome,
  Priority,
  SlaState,
  Stage,
} from './enums';
import type { HoldView } from './holds';
import type { RegulatoryClockView } from './regulatory';
import type { WatchlistHitView } from './watchlist';
import type { ReportView } from './reports';

/** A row of GET /api/cases (flat). */
export interface CaseListRow {
  id: string;
  reference: string;
  sn: string;
  merchantName: string | null;
  bankCode: string | null;
  teamId: string | null;
  stage: Stage;
  status: CaseStatus;
  outcome: Outcome | null;
  priority: Priority;
  assigneeId: string | null;
  assignee: UserRef | null;
  dueAt: string | null;
  slaState: SlaState | null;
  misuseType: MisuseType;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface ClockView {
  id: string;
  stage: Stage;
  startedAt: string;
  dueAt: string;
  warnAt: string | null;
  pausedMs: number;
  warnedAt: string | null;
  breachedAt: string | null;
  metAt: string | null;
  endedAt: string | null;
  state: ClockState;
  calendarId: string;
  target: string;
}

export interface FreezeView {
  bankCode: string | null;
  requestedAt: string | null;
  notificationId: string | null;
  notificationStatus: string | null;
  bankReference: string | null;
  confirmedAt: string | null;
  confirmedVia: 'callback' | 'analyst' | null;
  rejectedAt: string | null;
  rejectionReason: string | null;
  notice: {
    notifiedAt: string;
    channel: NoticeChannel;
    notifiedBy: NotifiedBy;
    appealInstructionsGiven: boolean;
    recordedBy: string;
  } | null;
  unfreezeRequestedAt: string | null;
  unfrozenAt: string | null;
}

export interface PoliceReportView {
  agency: string;
  reportNumber: string;
  filedAt: string;
  officer: string | null;
  recordedBy: string;
  recordedByName?: string | null;
  recordedAt: string;
}

export interface MerchantContactView {
  id: string;
  channel: ContactChannel;
  contactedAt: string;
  outcome: ContactOutcome;
  findings: string | null;
  recordedBy: string;
  recordedByName?: string | null;
  createdAt: string;
}

export interface EvidenceView {
  id: string;
  caseId: string;
  type: EvidenceType;
  fileName: string;
  size: number;
  mediaType: string;
  sha256: string;
  description: string | null;
  addedBy: string;
  addedByName?: string | null;
  addedAt: string;
  removedAt: string | null;
  removedBy: string | null;
  removedByName?: string | null;
  removalReason: string | null;
}

export interface NoteView {
  id: string;
  text: string;
  authorId: string;
  authorName: string;
  createdAt: string;
}

export interface TerminalView {
  id: string;
  sn: string;
  model: string | null;
  tid: string | null;
  bankCode: string | null;
  merchantId: string | null;
  merchantName: string | null;
  /** Masked (`****1234`) unless revealed. */
  merchantCreditCode: string | null;
  settlementAccount: string | null;
  registeredAddress: string | null;
  timeZone: string | null;
  createdAt: string;
  updatedAt: string;
  /** aftercare: the SN (normalised) that replaced this terminal, and when */
  replacedBy?: string | null;
  replacedAt?: string | null;
  /** aftercare: the SN this terminal replaced */
  replaces?: string | null;
}

export interface ExitRuleView {
  met: boolean;
  missing: string[];
}

export interface CaseView extends CaseListRow {
  terminal: TerminalView;
  misuseType: MisuseType;
  amountAtRisk: Money | null;
  priorityOverridden: boolean;
  closedAt: string | null;
  closedFromStage: Stage | null;
  duplicateOfCaseId: string | null;
  waivedStages: Stage[];
  /** the latest return_to_analyst: why, by whom (a supervisor's id and name), when */
  lastReturn: { reason: string; by: string; byName: string | null; at: string } | null;
  reports: ReportView[];
  freeze: FreezeView;
  policeReport: PoliceReportView | null;
  merchantContacts: MerchantContactView[];
  evidence: EvidenceView[];
  clocks: ClockView[];
  /** every hold of the case, newest first (docs/api.md "Holds and police orders") */
  holds: HoldView[];
  /** deadlines owed to regulators and card schemes, oldest first (docs/api.md "Regulatory clocks") */
  regulatoryClocks: RegulatoryClockView[];
  /** reports of this case that matched the watchlist (docs/api.md "Aftercare and watchlist") */
  watchlistHits: WatchlistHitView[];
  notes: NoteView[];
  headHash: string;
  lastEventSeq: number;
  allowedActions: AllowedAction[];
  exitRule: ExitRuleView;
}

export interface CaseEventView {
  id: string;
  caseId: string | null;
  seq: number;
  at: string;
  actor: { id: string; role: string };
  action: string;
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
  /** Display name of the actor (not part of the hash). */
  actorName?: string | null;
}

export interface BulkResult {
  id: string;
  ok: boolean;
  status: number;
  code?: string;
  detail?: string;
}
