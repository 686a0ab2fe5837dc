import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { HoldDto } from '../holds/hold.view';
import { RegulatoryClockDto } from '../regulatory/regulatory.view';
import { WatchlistHitDto } from '../watchlist/watchlist.view';
import {
  ALLOWED_ACTIONS,
  CASE_STATUSES,
  CLOCK_STATES,
  CONTACT_CHANNELS,
  CONTACT_OUTCOMES,
  MISUSE_TYPES,
  NOTICE_CHANNELS,
  NOTIFICATION_STATUSES,
  NOTIFIED_BY,
  OUTCOMES,
  PRIORITIES,
  SLA_STATES,
  STAGES,
  type AllowedAction,
  type BulkResult,
  type CaseEventView,
  type CaseListRow,
  type CaseStatus,
  type CaseView,
  type ClockState,
  type ClockView,
  type ContactChannel,
  type ContactOutcome,
  type ExitRuleView,
  type FreezeView,
  type MerchantContactView,
  type MisuseType,
  type NoteView,
  type NoticeChannel,
  type NotifiedBy,
  type Outcome,
  type PoliceReportView,
  type Priority,
  type SlaState,
  type Stage,
} from '@sentinel/contracts';
import { EvidenceDto } from '../evidence/evidence.view';
import { ActorRefView, UserRefView } from '../openapi/common-schemas';
import { MoneyDto } from '../reports/create-report.dto';
import { ReportDto } from '../reports/report.view';
import { TerminalViewDto } from '../terminals/terminal.dto';

/** Response schemas of the case read model (libs/contracts `cases.ts`): the document shows exactly what the API serves. */

@ApiSchema({ name: 'CaseListRow', description: 'A row of `GET /api/cases` (flat).' })
export class CaseListRowDto implements CaseListRow {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'SNC-2026-000123', description: 'UTC year and a sequence of at least 6 digits' }) reference: string;
  @ApiProperty({ example: 'PAX-A920-7777777' }) sn: string;
  @ApiProperty({ type: String, nullable: true, example: 'Shanghai Jade Tea House' }) merchantName: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'ICBC_SH' }) bankCode: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) teamId: string | null;
  @ApiProperty({ enum: STAGES }) stage: Stage;
  @ApiProperty({ enum: CASE_STATUSES }) status: CaseStatus;
  @ApiProperty({ enum: OUTCOMES, nullable: true }) outcome: Outcome | null;
  @ApiProperty({ enum: PRIORITIES }) priority: Priority;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) assigneeId: string | null;
  @ApiProperty({ type: UserRefView, nullable: true }) assignee: UserRefView | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: "the current stage clock's due time" }) dueAt: string | null;
  @ApiProperty({ enum: SLA_STATES, nullable: true, description: "the current stage clock's state (recorded by the worker)" }) slaState: SlaState | null;
  @ApiProperty({ enum: MISUSE_TYPES }) misuseType: MisuseType;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ type: 'integer', example: 3, description: 'send it back with every action (409 when stale)' }) version: number;
}

@ApiSchema({ name: 'Clock', description: 'The SLA clock of one stage entry.' })
export class ClockDto implements ClockView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: STAGES }) stage: Stage;
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty({ format: 'date-time' }) dueAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) warnAt: string | null;
  @ApiProperty({ type: 'integer', example: 0 }) pausedMs: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) warnedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) breachedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) metAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'met, waived or cancelled at' }) endedAt: string | null;
  @ApiProperty({ enum: CLOCK_STATES }) state: ClockState;
  @ApiProperty({ example: '24x7' }) calendarId: string;
  @ApiProperty({ example: 'PT1H', description: 'ISO 8601 duration' }) target: string;
}

@ApiSchema({ name: 'FreezeNotice', description: 'How and when the merchant was told why and how to appeal.' })
export class FreezeNoticeDto {
  @ApiProperty({ format: 'date-time' }) notifiedAt: string;
  @ApiProperty({ enum: NOTICE_CHANNELS }) channel: NoticeChannel;
  @ApiProperty({ enum: NOTIFIED_BY }) notifiedBy: NotifiedBy;
  @ApiProperty() appealInstructionsGiven: boolean;
  @ApiProperty({ format: 'uuid' }) recordedBy: string;
}

@ApiSchema({ name: 'Freeze', description: 'The freeze stage record.' })
export class FreezeDto implements FreezeView {
  @ApiProperty({ type: String, nullable: true, example: 'ICBC_SH' }) bankCode: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) requestedAt: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'the latest freeze request' }) notificationId: string | null;
  @ApiProperty({ enum: NOTIFICATION_STATUSES, nullable: true }) notificationStatus: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'ICBC-FRZ-20261125-0042' }) bankReference: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) confirmedAt: string | null;
  @ApiProperty({ enum: ['callback', 'analyst'], nullable: true }) confirmedVia: 'callback' | 'analyst' | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) rejectedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) rejectionReason: string | null;
  @ApiProperty({ type: FreezeNoticeDto, nullable: true }) notice: FreezeNoticeDto | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) unfreezeRequestedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) unfrozenAt: string | null;
}

@ApiSchema({ name: 'PoliceReport', description: 'The police report stage record.' })
export class PoliceReportViewDto implements PoliceReportView {
  @ApiProperty({ example: 'Huangpu PSB' }) agency: string;
  @ApiProperty({ example: 'HP-2026-0042' }) reportNumber: string;
  @ApiProperty({ format: 'date-time' }) filedAt: string;
  @ApiProperty({ type: String, nullable: true }) officer: string | null;
  @ApiProperty({ format: 'uuid' }) recordedBy: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'Chen Jie' }) recordedByName?: string | null;
  @ApiProperty({ format: 'date-time' }) recordedAt: string;
}

@ApiSchema({ name: 'MerchantContact', description: 'One attempt to reach the merchant.' })
export class MerchantContactDto implements MerchantContactView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: CONTACT_CHANNELS }) channel: ContactChannel;
  @ApiProperty({ format: 'date-time' }) contactedAt: string;
  @ApiProperty({ enum: CONTACT_OUTCOMES }) outcome: ContactOutcome;
  @ApiProperty({ type: String, nullable: true, example: 'The terminal is in the shop; the merchant lent it to nobody.' }) findings: string | null;
  @ApiProperty({ format: 'uuid' }) recordedBy: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'Chen Jie' }) recordedByName?: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

@ApiSchema({ name: 'Note' })
export class NoteDto implements NoteView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Bank asked for the police receipt by fax.' }) text: string;
  @ApiProperty({ format: 'uuid' }) authorId: string;
  @ApiProperty({ example: 'Chen Jie' }) authorName: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

@ApiSchema({ name: 'CaseReturn', description: 'The latest return of the case from review to its analyst.' })
export class CaseReturnDto {
  @ApiProperty({ example: 'The police receipt is illegible: upload a better scan' }) reason: string;
  @ApiProperty({ format: 'uuid', description: 'the supervisor' }) by: string;
  @ApiProperty({ type: String, nullable: true, example: 'Wang Fang' }) byName: string | null;
  @ApiProperty({ format: 'date-time' }) at: string;
}

@ApiSchema({ name: 'ExitRule', description: "Whether the current stage's exit rule holds, and what is missing." })
export class ExitRuleDto implements ExitRuleView {
  @ApiProperty() met: boolean;
  @ApiProperty({ type: [String], example: ['police_receipt'], description: 'evidence types or facts, e.g. `police_receipt`, `merchant_contact.reached`' }) missing: string[];
}

@ApiSchema({ name: 'Case', description: 'A case with its stage records, clocks, notes and what the caller may do next.' })
export class CaseDto extends CaseListRowDto implements CaseView {
  @ApiProperty({ type: TerminalViewDto }) terminal: TerminalViewDto;
  @ApiProperty({ type: MoneyDto, nullable: true }) amountAtRisk: MoneyDto | null;
  @ApiProperty({ description: 'a supervisor set the priority' }) priorityOverridden: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt: string | null;
  @ApiProperty({ enum: STAGES, nullable: true }) closedFromStage: Stage | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) duplicateOfCaseId: string | null;
  @ApiProperty({ enum: STAGES, isArray: true }) waivedStages: Stage[];
  @ApiProperty({ type: CaseReturnDto, nullable: true, description: 'the latest return_to_analyst' }) lastReturn: CaseReturnDto | null;
  @ApiProperty({ type: [ReportDto] }) reports: ReportDto[];
  @ApiProperty({ type: FreezeDto }) freeze: FreezeDto;
  @ApiProperty({ type: PoliceReportViewDto, nullable: true }) policeReport: PoliceReportViewDto | null;
  @ApiProperty({ type: [MerchantContactDto] }) merchantContacts: MerchantContactDto[];
  @ApiProperty({ type: [EvidenceDto] }) evidence: EvidenceDto[];
  @ApiProperty({ type: [ClockDto], description: 'one per stage entered' }) clocks: ClockDto[];
  @ApiProperty({ type: [HoldDto], description: 'every hold of the case, newest first' }) holds: HoldDto[];
  @ApiProperty({ type: [RegulatoryClockDto], description: 'deadlines owed to regulators and card schemes, oldest first' }) regulatoryClocks: RegulatoryClockDto[];
  @ApiProperty({ type: [WatchlistHitDto], description: 'reports of this case that matched the watchlist' }) watchlistHits: WatchlistHitDto[];
  @ApiProperty({ type: [NoteDto] }) notes: NoteDto[];
  @ApiProperty({ example: 'f3a1…', description: "hash of the case chain's newest event" }) headHash: string;
  @ApiProperty({ type: 'integer', example: 7 }) lastEventSeq: number;
  @ApiProperty({ enum: ALLOWED_ACTIONS, isArray: true, description: 'what passes role, ownership, four-eyes and stage checks for the caller' })
  allowedActions: AllowedAction[];
  @ApiProperty({ type: ExitRuleDto }) exitRule: ExitRuleDto;
}

@ApiSchema({ name: 'CaseEvent', description: 'An audit event of a case (hash-chained, RFC 8785 canonical JSON, SHA-256).' })
export class CaseEventDto implements CaseEventView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null in the system chain' }) caseId: string | null;
  @ApiProperty({ type: 'integer', example: 1, description: 'from 1 per chain' }) seq: number;
  @ApiProperty({ format: 'date-time', description: 'UTC with milliseconds, exactly as hashed' }) at: string;
  @ApiProperty({ type: ActorRefView }) actor: ActorRefView;
  @ApiProperty({ example: 'claim' }) action: string;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { before: { assigneeId: null }, after: { assigneeId: '6f1c2a4e-8d3b-4f7a-9c21-0b5e3d7a9f10' } } })
  data: Record<string, unknown>;
  @ApiProperty({ example: '0000000000000000000000000000000000000000000000000000000000000000' }) prevHash: string;
  @ApiProperty({ example: '9b2d5c1e0f7a4b3c8d6e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c' }) hash: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'display name of the actor (not hashed)' }) actorName?: string | null;
}

@ApiSchema({ name: 'BulkResult', description: 'The result of one id of a bulk action.' })
export class BulkResultDto implements BulkResult {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() ok: boolean;
  @ApiProperty({ type: 'integer', example: 200, description: 'the status the action would have had alone' }) status: number;
  @ApiPropertyOptional({ example: 'CASE.ACTION_NOT_ALLOWED' }) code?: string;
  @ApiPropertyOptional() detail?: string;
}
