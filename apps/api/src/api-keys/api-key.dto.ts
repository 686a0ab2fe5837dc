import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { Allow, ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsDefined, IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { CHANNELS, type ReportChannel } from '@sentinel/contracts';
import { RecordUpdateDto } from '../common/record-update.dto';
import { BANK_CODE_MESSAGE, BANK_CODE_PATTERN, OptionalNotNull, OptionalNullable, trim, upperEach } from '../users/validators';

export class CreateApiKeyDto {
  @ApiProperty({ example: 'ICBC alerting gateway' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name: string;

  @ApiProperty({ type: [String], example: ['ICBC'], description: 'Bank codes the key may report for (a report must name one of them)' })
  @IsBankCodes()
  bankCodes: string[];

  @ApiProperty({ enum: CHANNELS, isArray: true, example: ['bank_alert'], description: 'Report channels the key may use' })
  @IsChannels()
  channels: ReportChannel[];

  @ApiPropertyOptional({ default: false, description: "the key's reports request the freeze at opening (docs/api.md \"Who may trigger the automatic freeze\")" })
  @OptionalNotNull()
  @IsBoolean()
  autoFreeze?: boolean;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2027-06-30T00:00:00Z',
    description: 'when the key stops working (401 after it); in the future, at most 5 years ahead; left out or null = never',
  })
  @OptionalNullable()
  @IsISO8601({ strict: true })
  expiresAt?: string | null;
}

/**
 * PUT /api/api-keys/:id takes the record back (read-only fields ignored; left-out fields unchanged). Bindings can
 * be set but never cleared: a key without them is an old one, kept working by the upgrade, never a new state.
 */
export class UpdateApiKeyDto extends RecordUpdateDto {
  @ApiPropertyOptional({ example: 'ICBC alerting gateway' })
  @OptionalNotNull()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name?: string;

  @ApiPropertyOptional({ type: [String], example: ['ICBC'], nullable: true, description: '`null` only as an unbound key sends it back (unchanged)' })
  @OptionalNullable()
  @IsBankCodes()
  bankCodes?: string[] | null;

  @ApiPropertyOptional({ enum: CHANNELS, isArray: true, example: ['bank_alert'], nullable: true, description: '`null` only as an unbound key sends it back (unchanged)' })
  @OptionalNullable()
  @IsChannels()
  channels?: ReportChannel[] | null;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsBoolean()
  autoFreeze?: boolean;

  @ApiPropertyOptional({ readOnly: true, description: 'ignored (read-only)' })
  @IsOptional()
  @Allow()
  userId?: unknown;

  @ApiPropertyOptional({ readOnly: true, description: 'ignored (read-only)' })
  @IsOptional()
  @Allow()
  keyPrefix?: unknown;

  @ApiPropertyOptional({ readOnly: true, description: 'ignored (read-only)' })
  @IsOptional()
  @Allow()
  lastUsedAt?: unknown;

  @ApiPropertyOptional({ readOnly: true, description: 'ignored (read-only)' })
  @IsOptional()
  @Allow()
  revokedAt?: unknown;

  @ApiPropertyOptional({ readOnly: true, description: 'ignored (read-only)' })
  @IsOptional()
  @Allow()
  bound?: unknown;

  @ApiPropertyOptional({ readOnly: true, description: 'ignored (read-only; a key is given its expiry when created)' })
  @IsOptional()
  @Allow()
  expiresAt?: unknown;
}

/** Bank codes of a key: required, 1–100 codes, upper-cased. */
function IsBankCodes(): PropertyDecorator {
  return applyDecorators(
    Transform(upperEach),
    IsDefined({ message: 'must list the bank codes the key may report for' }),
    IsArray(),
    ArrayMinSize(1, { message: 'must list at least one bank code' }),
    ArrayMaxSize(100),
    Matches(BANK_CODE_PATTERN, { each: true, message: BANK_CODE_MESSAGE }),
  );
}

/** Channels of a key: required, at least one of CHANNELS. */
function IsChannels(): PropertyDecorator {
  return applyDecorators(
    IsDefined({ message: 'must list the channels the key may use' }),
    IsArray(),
    ArrayMinSize(1, { message: 'must list at least one channel' }),
    IsIn(CHANNELS as unknown as string[], { each: true, message: `must be one of ${CHANNELS.join(', ')}` }),
  );
}

export class ApiKeyDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  userId: string;

  @ApiProperty({ example: 'ICBC alerting gateway' })
  name: string;

  @ApiProperty({ example: 'snk_Ab3d', description: 'the first 8 characters, to recognise a key' })
  keyPrefix: string;

  @ApiProperty({ example: ['ICBC'], nullable: true, type: [String] })
  bankCodes: string[] | null;

  @ApiProperty({ enum: CHANNELS, isArray: true, nullable: true })
  channels: string[] | null;

  @ApiProperty({ description: "the key's reports request the freeze at opening" })
  autoFreeze: boolean;

  @ApiProperty({ description: 'the key names bank codes; an old key without them submits but never triggers the freeze' })
  bound: boolean;

  @ApiProperty()
  createdAt: string;

  @ApiProperty({ type: String, nullable: true, description: 'last authenticated request (kept to the minute: written at most once a minute)' })
  lastUsedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null = never expires' })
  expiresAt: string | null;

  @ApiProperty({ type: String, nullable: true })
  revokedAt: string | null;
}

export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiProperty({ example: 'snk_Ab3dEf…', description: 'the key itself, shown only in this response (stored hashed)' })
  key: string;
}
