import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsISO8601, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { CHANNELS, type ReportChannel } from '@sentinel/contracts';
import { BANK_CODE_MESSAGE, BANK_CODE_PATTERN, OptionalNullable, trim, upperEach } from '../users/validators';

export class CreateApiKeyDto {
  @ApiProperty({ example: 'ICBC alerting gateway' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name: string;

  @ApiPropertyOptional({ type: [String], example: ['ICBC'], nullable: true, description: 'Bank codes the key may report for; left out or null = any' })
  @OptionalNullable()
  @Transform(upperEach)
  @IsArray()
  @ArrayMinSize(1, { message: 'must list at least one bank code, or be left out for no restriction' })
  @ArrayMaxSize(100)
  @Matches(BANK_CODE_PATTERN, { each: true, message: BANK_CODE_MESSAGE })
  bankCodes?: string[] | null;

  @ApiPropertyOptional({ enum: CHANNELS, isArray: true, example: ['bank_alert'], nullable: true, description: 'Report channels the key may use; left out or null = any' })
  @OptionalNullable()
  @IsArray()
  @ArrayMinSize(1, { message: 'must list at least one channel, or be left out for no restriction' })
  @IsIn(CHANNELS as unknown as string[], { each: true, message: `must be one of ${CHANNELS.join(', ')}` })
  channels?: ReportChannel[] | null;

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
