import { RecordUpdateDto } from '../common/record-update.dto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { Allow, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { REVEALABLE_FIELDS, type RevealableField, type RevealedValue, type RevealRequest, type TerminalRecord } from '@sentinel/contracts';
import { BANK_CODE_MESSAGE, BANK_CODE_PATTERN, IsIanaTimeZone, OptionalNullable, trim, upper } from '../users/validators';


export class TerminalDto implements TerminalRecord {
  @ApiProperty({ format: 'uuid', readOnly: true })
  id: string;

  @ApiProperty({ example: 'PAX-A920-00012345', description: 'normalised serial number; fixed' })
  sn: string;

  @ApiProperty({ example: 'PAX A920', nullable: true })
  model: string | null;

  @ApiProperty({ example: '10293847', nullable: true })
  tid: string | null;

  @ApiProperty({ example: 'ICBC', nullable: true })
  bankCode: string | null;

  @ApiProperty({ example: '898310048161234', nullable: true })
  merchantId: string | null;

  @ApiProperty({ example: 'Shanghai Jade Tea House', nullable: true })
  merchantName: string | null;

  @ApiProperty({ example: '****1234', nullable: true, description: 'masked; POST /reveal shows it' })
  merchantCreditCode: string | null;

  @ApiProperty({ example: '****5678', nullable: true, description: 'masked; POST /reveal shows it' })
  settlementAccount: string | null;

  @ApiProperty({ example: '88 Nanjing Road, Shanghai', nullable: true })
  registeredAddress: string | null;

  @ApiProperty({ example: 'Asia/Shanghai', nullable: true })
  timeZone: string | null;

  @ApiProperty({ readOnly: true })
  createdAt: string;

  @ApiProperty({ readOnly: true })
  updatedAt: string;

  @ApiProperty({ format: 'uuid', nullable: true, readOnly: true, description: 'the open case on this terminal, if any' })
  openCaseId: string | null;
}

/**
 * PUT /api/terminals/:id (master data). The record comes back as the console shows it: masked values
 * (containing `*`) mean "unchanged"; `null` clears a field; `sn` is fixed (403 when it differs).
 */
export class UpdateTerminalDto extends RecordUpdateDto {
  @ApiPropertyOptional({ readOnly: true, description: 'ignored (derived)' })
  @IsOptional()
  @Allow()
  openCaseId?: unknown;

  @ApiPropertyOptional({ description: 'fixed: a different value (after normalisation) → 403' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  sn?: string;

  @ApiPropertyOptional({ nullable: true })
  @OptionalNullable()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  model?: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'normalised like an SN (NFKC, no spaces, upper case)' })
  @OptionalNullable()
  @IsString()
  @MaxLength(64)
  tid?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @OptionalNullable()
  @Transform(upper)
  @Matches(BANK_CODE_PATTERN, { message: BANK_CODE_MESSAGE })
  bankCode?: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'normalised like an SN (NFKC, no spaces, upper case)' })
  @OptionalNullable()
  @IsString()
  @MaxLength(64)
  merchantId?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @OptionalNullable()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  merchantName?: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'a masked value (with *) = unchanged' })
  @OptionalNullable()
  @Transform(trim)
  @IsString()
  @MaxLength(64)
  merchantCreditCode?: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'a masked value (with *) = unchanged' })
  @OptionalNullable()
  @Transform(trim)
  @IsString()
  @MaxLength(64)
  settlementAccount?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @OptionalNullable()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  registeredAddress?: string | null;

  @ApiPropertyOptional({ nullable: true, example: 'Asia/Shanghai' })
  @OptionalNullable()
  @IsIanaTimeZone()
  timeZone?: string | null;
}

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

export class RevealedDto implements RevealedValue {
  @ApiProperty({ enum: REVEALABLE_FIELDS })
  field: RevealableField;

  @ApiProperty({ nullable: true, example: '6222020200112233445' })
  value: string | null;
}
