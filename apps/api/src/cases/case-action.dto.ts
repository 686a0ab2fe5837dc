import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
  validate,
  ValidateIf,
} from 'class-validator';
import {
  CONTACT_CHANNELS,
  CONTACT_OUTCOMES,
  EARLY_CLOSE_OUTCOMES,
  FREEZE_SCOPES,
  HOLD_KINDS,
  NOTICE_CHANNELS,
  REGULATORY_KINDS,
  NOTIFIED_BY,
  OUTCOMES,
  PRIORITIES,
  type CaseAction,
} from '@sentinel/contracts';
import { ProblemException, validationFailed } from '../common/problem.exception';
import { flattenValidationErrors } from '../common/validation.pipe';

const ISO = { strict: true, strictSeparator: true } as const;
const TEXT = 4000;

@ApiSchema({ name: 'VersionPayload' })
export class VersionedDto {
  @ApiProperty({ example: 3, description: 'the case version you last read (optimistic locking)' })
  @IsInt()
  @Min(1)
  version: number;
}

@ApiSchema({ name: 'AssignPayload' })
class AssignDto extends VersionedDto {
  @ApiProperty({ type: String, nullable: true, description: 'null unassigns' })
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  assigneeId: string | null;
}

@ApiSchema({ name: 'RequestFreezePayload' })
class RequestFreezeDto extends VersionedDto {
  @ApiPropertyOptional({ example: 'ICBC', description: "defaults to the case's bank" })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_]{2,16}$/)
  bankCode?: string;
}

@ApiSchema({ name: 'ConfirmFreezePayload' })
class ConfirmFreezeDto extends VersionedDto {
  @ApiProperty({ example: 'ICBC-FRZ-20261125-0042' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  bankReference: string;

  @ApiProperty({ example: '2026-11-25T10:15:00+08:00' })
  @IsISO8601(ISO)
  confirmedAt: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[A-Za-z0-9_]{2,16}$/)
  bankCode?: string;
}

@ApiSchema({ name: 'FreezeNoticePayload' })
class FreezeNoticeDto extends VersionedDto {
  @ApiProperty()
  @IsISO8601(ISO)
  notifiedAt: string;

  @ApiProperty({ enum: NOTICE_CHANNELS })
  @IsIn(NOTICE_CHANNELS)
  channel: string;

  @ApiProperty({ enum: NOTIFIED_BY })
  @IsIn(NOTIFIED_BY)
  notifiedBy: string;

  @ApiProperty()
  @IsBoolean()
  appealInstructionsGiven: boolean;
}

@ApiSchema({ name: 'ReasonPayload' })
class ReasonDto extends VersionedDto {
  @ApiProperty({ example: 'Bank phoned: account already frozen by police order' })
  @IsString()
  @MinLength(1)
  @MaxLength(TEXT)
  reason: string;
}

@ApiSchema({ name: 'PoliceReportPayload' })
class PoliceReportDto extends VersionedDto {
  @ApiProperty({ example: 'Shanghai PSB Huangpu Branch' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  agency: string;

  @ApiProperty({ example: 'HP-2026-11-0042' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  reportNumber: string;

  @ApiProperty()
  @IsISO8601(ISO)
  filedAt: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  officer?: string;
}

@ApiSchema({ name: 'MerchantContactPayload' })
class MerchantContactDto extends VersionedDto {
  @ApiProperty({ enum: CONTACT_CHANNELS })
  @IsIn(CONTACT_CHANNELS)
  channel: string;

  @ApiProperty()
  @IsISO8601(ISO)
  contactedAt: string;

  @ApiProperty({ enum: CONTACT_OUTCOMES })
  @IsIn(CONTACT_OUTCOMES)
  outcome: string;

  @ApiPropertyOptional({ description: 'required with outcome reached' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  findings?: string;
}

@ApiSchema({ name: 'ResolvePayload' })
class ResolveDto extends VersionedDto {
  @ApiProperty({ enum: OUTCOMES })
  @IsIn(OUTCOMES)
  outcome: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(TEXT)
  summary: string;

  @ApiPropertyOptional({ description: 'required with outcome duplicate' })
  @IsOptional()
  @IsUUID()
  duplicateOfCaseId?: string;
}

@ApiSchema({ name: 'CloseEarlyPayload' })
class CloseEarlyDto extends ReasonDto {
  @ApiProperty({ enum: EARLY_CLOSE_OUTCOMES })
  @IsIn(EARLY_CLOSE_OUTCOMES)
  outcome: string;

  @ApiPropertyOptional({ description: 'required with outcome duplicate' })
  @IsOptional()
  @IsUUID()
  duplicateOfCaseId?: string;
}

@ApiSchema({ name: 'SetPriorityPayload' })
class SetPriorityDto extends ReasonDto {
  @ApiProperty({ enum: PRIORITIES })
  @IsIn(PRIORITIES)
  priority: string;
}

@ApiSchema({ name: 'NotePayload' })
class NoteDto extends VersionedDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(TEXT)
  text: string;
}

@ApiSchema({ name: 'PlaceHoldPayload' })
class PlaceHoldDto extends VersionedDto {
  @ApiProperty({ enum: HOLD_KINDS })
  @IsIn(HOLD_KINDS)
  kind: string;

  @ApiProperty({ enum: FREEZE_SCOPES, isArray: true, example: ['terminal', 'settlement'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2)
  @IsIn(FREEZE_SCOPES, { each: true })
  scope: string[];

  @ApiPropertyOptional({ example: 'HP-ZF-2026-0107', description: 'required for police kinds' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  instructionNumber?: string;

  @ApiPropertyOptional({ example: 'Shanghai PSB Huangpu Branch', description: 'required for police kinds' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  issuingAuthority?: string;

  @ApiProperty({ example: '2026-11-25T10:15:00+08:00', description: 'when the hold took effect (not in the future)' })
  @IsISO8601(ISO)
  placedAt: string;

  @ApiPropertyOptional({ description: 'stop-payment: default and maximum 48 h from placedAt; police freeze: required, at most 6 calendar months' })
  @IsOptional()
  @IsISO8601(ISO)
  expiresAt?: string;
}

@ApiSchema({ name: 'RenewHoldPayload' })
class RenewHoldDto extends VersionedDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  holdId: string;

  @ApiPropertyOptional({ description: 'police kinds: default and maximum 48 h / 6 calendar months from the current expiry; acquirer kinds: required' })
  @IsOptional()
  @IsISO8601(ISO)
  expiresAt?: string;

  @ApiPropertyOptional({ example: 'HP-ZF-2026-0131' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  instructionNumber?: string;
}

@ApiSchema({ name: 'ReleaseHoldPayload' })
class ReleaseHoldDto extends ReasonDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  holdId: string;
}

@ApiSchema({ name: 'StartRegulatoryClockPayload' })
class StartRegulatoryClockDto extends VersionedDto {
  @ApiProperty({ enum: REGULATORY_KINDS })
  @IsIn(REGULATORY_KINDS)
  kind: string;

  @ApiPropertyOptional({ description: 'when the deadline started to run (default now; not in the future)' })
  @IsOptional()
  @IsISO8601(ISO)
  startedAt?: string;
}

@ApiSchema({ name: 'RegulatoryFilingPayload' })
class RegulatoryFilingDto extends VersionedDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  clockId: string;

  @ApiProperty({ description: 'when the report was filed (not in the future)' })
  @IsISO8601(ISO)
  filedAt: string;

  @ApiProperty({ example: 'PBOC-SH-2026-00317', description: 'the reference the regulator or scheme gave the filing' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  reference: string;
}

@ApiSchema({ name: 'CancelRegulatoryClockPayload' })
class CancelRegulatoryClockDto extends ReasonDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  clockId: string;
}

@ApiSchema({ name: 'TerminalReplacementPayload' })
class TerminalReplacementDto extends VersionedDto {
  @ApiProperty({ example: 'PAX-A920-00099887', description: 'the new terminal’s SN (normalised)' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  newSn: string;

  @ApiProperty({ description: 'when the terminal was replaced (not in the future)' })
  @IsISO8601(ISO)
  replacedAt: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  note?: string;
}

/** The payload shape of each action (docs/api.md "Case actions"); rules are checked by libs/domain. */
export const ACTION_DTOS: Record<CaseAction, new () => VersionedDto> = {
  claim: VersionedDto,
  assign: AssignDto,
  release: VersionedDto,
  request_freeze: RequestFreezeDto,
  confirm_freeze: ConfirmFreezeDto,
  record_freeze_notice: FreezeNoticeDto,
  record_freeze_rejection: ReasonDto,
  record_police_report: PoliceReportDto,
  log_merchant_contact: MerchantContactDto,
  submit_for_review: VersionedDto,
  waive_stage: ReasonDto,
  resolve: ResolveDto,
  return_to_analyst: ReasonDto,
  close_early: CloseEarlyDto,
  reopen: ReasonDto,
  set_priority: SetPriorityDto,
  add_note: NoteDto,
  place_hold: PlaceHoldDto,
  renew_hold: RenewHoldDto,
  release_hold: ReleaseHoldDto,
  start_regulatory_clock: StartRegulatoryClockDto,
  record_regulatory_filing: RegulatoryFilingDto,
  cancel_regulatory_clock: CancelRegulatoryClockDto,
  record_terminal_replacement: TerminalReplacementDto,
};

/** Validates an action body like the global pipe would (unknown field → 400, invalid → 422). */
export async function validateActionBody(action: CaseAction, body: unknown, opts: { versionOptional?: boolean } = {}): Promise<Record<string, unknown>> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ProblemException('REQUEST.MALFORMED', 'The body must be a JSON object');
  }
  const input = opts.versionOptional ? { version: 1, ...(body as object) } : body;
  const dto = plainToInstance(ACTION_DTOS[action], input);
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: true } });
  if (errors.length) {
    const { unknown, fields } = flattenValidationErrors(errors);
    if (unknown.length) throw new ProblemException('REQUEST.UNKNOWN_FIELD', `Unknown field(s) for ${action}: ${unknown.join(', ')}`, { fields: unknown });
    throw validationFailed(fields);
  }
  return dto as unknown as Record<string, unknown>;
}
