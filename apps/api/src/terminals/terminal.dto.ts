import { RecordUpdateDto } from '../common/record-update.dto';
import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { Allow, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { REVEALABLE_FIELDS, type RevealableField, type RevealedValue, type RevealRequest, type TerminalRecord, type TerminalView } from '@sentinel/contracts';
import { BANK_CODE_MESSAGE, BANK_CODE_PATTERN, IsIanaTimeZone, OptionalNullable, trim, upper } from '../users/validators';


/** Terminal master data as a case shows it (libs/contracts `TerminalView`). */
@ApiSchema({ name: 'TerminalView', description: 'Terminal master data; personal fields masked (`****1234`) unless revealed.' })
export class TerminalViewDto implements TerminalView {
  @ApiProperty({ format: 'uuid', readOnly: true }) id: string;
  @ApiProperty({ example: 'PAX-A920-00012345', description: 'normalised serial number; fixed' }) sn: string;
  @ApiProperty({ type: String, example: 'PAX A920', nullable: true }) model: string | null;
  @ApiProperty({ type: String, example: '10293847', nullable: true, description: 'normalised like an SN' }) tid: string | null;
  @ApiProperty({ type: String, example: 'ICBC', nullable: true }) bankCode: string | null;
  @ApiProperty({ type: String, example: '898310048161234', nullable: true, description: 'normalised like an SN' }) merchantId: string | null;
  @ApiProperty({ type: String, example: 'Shanghai Jade Tea House', nullable: true }) merchantName: string | null;
  @ApiProperty({ type: String, example: '****1234', nullable: true, description: 'masked; POST /api/terminals/{id}/reveal shows it' }) merchantCreditCode: string | null;
  @ApiProperty({ type: String, example: '****5678', nullable: true, description: 'masked; POST /api/terminals/{id}/reveal shows it' }) settlementAccount: string | null;
  @ApiProperty({ type: String, example: '88 Nanjing Road, Shanghai', nullable: true }) registeredAddress: string | null;
  @ApiProperty({ type: String, example: 'Asia/Shanghai', nullable: true }) timeZone: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, readOnly: true, description: 'aftercare: the SN that replaced this terminal' }) replacedBy?: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, readOnly: true }) replacedAt?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, readOnly: true, description: 'aftercare: the SN this terminal replaced' }) replaces?: string | null;
  @ApiProperty({ format: 'date-time', readOnly: true }) createdAt: string;
  @ApiProperty({ format: 'date-time', readOnly: true }) updatedAt: string;
}

/** `/api/terminals` records. */
@ApiSchema({ name: 'Terminal', description: 'Terminal master data (personal fields masked) and the open case on the terminal.' })
export class TerminalDto extends TerminalViewDto implements TerminalRecord {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, readOnly: true, description: 'the open case on this terminal, if any' })
  openCaseId: string | null;
}

/**
 * PUT /api/terminals/:id (master data). The record comes back as the console shows it: masked values
 * (containing `*`) mean "unchanged"; `null` clears a field; `sn` is fixed (403 when it differs).
 */
@ApiSchema({ name: 'UpdateTerminal' })
export class UpdateTerminalDto extends RecordUpdateDto {
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, readOnly: true, description: 'ignored (derived)' })
  @IsOptional()
  @Allow()
  openCaseId?: unknown;

  @ApiPropertyOptional({ description: 'fixed: a different value (after normalisation) → 403' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  sn?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @OptionalNullable()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  model?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'normalised like an SN (NFKC, no spaces, upper case)' })
  @OptionalNullable()
  @IsString()
  @MaxLength(64)
  tid?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @OptionalNullable()
  @Transform(upper)
  @Matches(BANK_CODE_PATTERN, { message: BANK_CODE_MESSAGE })
  bankCode?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'normalised like an SN (NFKC, no spaces, upper case)' })
  @OptionalNullable()
  @IsString()
  @MaxLength(64)
  merchantId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @OptionalNullable()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  merchantName?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'a masked value (with *) = unchanged' })
  @OptionalNullable()
  @Transform(trim)
  @IsString()
  @MaxLength(64)
  merchantCreditCode?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'a masked value (with *) = unchanged' })
  @OptionalNullable()
  @Transform(trim)
  @IsString()
  @MaxLength(64)
  settlementAccount?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @OptionalNullable()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  registeredAddress?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Asia/Shanghai' })
  @OptionalNullable()
  @IsIanaTimeZone()
  timeZone?: string | null;
}

@ApiSchema({ name: 'RevealRequest' })
export class RevealDto implements RevealRequest {
  @ApiProperty({ enum: REVEALABLE_FIELDS })
  @IsIn(REVEALABLE_FIELDS as unknown as string[], { message: `must be one of ${REVEALABLE_FIELDS.join(', ')}` })
  field: RevealableField;

  @ApiProperty({ example: 'Confirming the settlement account with the bank for the freeze', description: 'recorded in the audit chain' })
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  reason: string;
}

@ApiSchema({ name: 'Revealed' })
export class RevealedDto implements RevealedValue {
  @ApiProperty({ enum: REVEALABLE_FIELDS })
  field: RevealableField;

  @ApiProperty({ type: String, nullable: true, example: '6222020200112233445' })
  value: string | null;
}
