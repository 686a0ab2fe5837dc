import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsLatitude,
  IsLongitude,
  IsNotEmptyObject,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  CHANNELS,
  ENTRY_MODES,
  MISUSE_TYPES,
  REPORTER_RELATIONSHIPS,
  type CreateReportRequest,
  type EntryMode,
  type MisuseType,
  type ReportChannel,
  type ReporterRelationship,
} from '@sentinel/contracts';

const ISO_TIME = { strict: true, strictSeparator: true } as const;

@ApiSchema({ name: 'Money', description: 'An amount: integer minor units (fen for CNY) and an ISO 4217 currency.' })
export class MoneyDto {
  @ApiProperty({ example: 1250000, description: 'integer minor units' })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  minor: number;

  @ApiProperty({ example: 'CNY' })
  @IsString()
  @Matches(/^[A-Z]{3}$/, { message: 'must be an ISO 4217 code such as CNY' })
  currency: string;
}

export class LocationDto {
  @ApiPropertyOptional({ example: 31.2304 })
  @IsOptional()
  @IsLatitude()
  lat?: number;

  @ApiPropertyOptional({ example: 121.4737 })
  @IsOptional()
  @IsLongitude()
  lon?: number;

  @ApiPropertyOptional({ example: '88 Nanjing Road, Shanghai' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  address?: string;
}

export class ReporterDto {
  @ApiPropertyOptional({ example: 'Zhang San' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: '+86 138 0000 0000' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string;

  @ApiPropertyOptional({ example: 'owner@example.cn' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ enum: REPORTER_RELATIONSHIPS })
  @IsOptional()
  @IsIn(REPORTER_RELATIONSHIPS)
  relationship?: ReporterRelationship;
}

export class ReportTransactionDto {
  @ApiProperty({ example: '2026-11-25T02:14:00+08:00' })
  @IsISO8601(ISO_TIME)
  at: string;

  @ApiProperty({ type: MoneyDto })
  @ValidateNested()
  @Type(() => MoneyDto)
  @IsNotEmptyObject()
  amount: MoneyDto;

  @ApiProperty({ example: '622848******1234', description: 'at most the first 6 and last 4 digits' })
  @IsString()
  @MaxLength(32)
  maskedPan: string;

  @ApiPropertyOptional({ enum: ENTRY_MODES })
  @IsOptional()
  @IsIn(ENTRY_MODES)
  entryMode?: EntryMode;

  @ApiPropertyOptional({ example: '123456789012' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  rrn?: string;

  @ApiPropertyOptional({ example: '654321' })
  @IsOptional()
  @IsString()
  @MaxLength(12)
  authCode?: string;

  @ApiPropertyOptional({ type: LocationDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => LocationDto)
  location?: LocationDto;
}

export class CreateReportDto implements CreateReportRequest {
  @ApiProperty({ example: 'PAX-A920-0012345', description: 'normalised (NFKC, no spaces, upper case), then ^[A-Z0-9-]{6,32}$' })
  @IsString()
  @MaxLength(200)
  sn: string;

  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS)
  channel: ReportChannel;

  @ApiProperty({ enum: MISUSE_TYPES })
  @IsIn(MISUSE_TYPES)
  misuseType: MisuseType;

  @ApiPropertyOptional({ example: '898310058120001' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  merchantId?: string;

  @ApiPropertyOptional({ example: 'Shanghai Lucky Noodles Co.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  merchantName?: string;

  @ApiPropertyOptional({ example: '10086001' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  terminalId?: string;

  @ApiPropertyOptional({ example: 'ICBC' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_]{2,16}$/, { message: 'must be a bank code of 2–16 letters, digits or _' })
  bankCode?: string;

  @ApiPropertyOptional({ example: 'PAX A920' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  terminalModel?: string;

  @ApiPropertyOptional({ type: MoneyDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  amountAtRisk?: MoneyDto;

  @ApiPropertyOptional({ type: ReporterDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ReporterDto)
  reporter?: ReporterDto;

  @ApiPropertyOptional({ example: '5812' })
  @IsOptional()
  @Matches(/^\d{4}$/, { message: 'must be a 4-digit MCC' })
  registeredMcc?: string;

  @ApiPropertyOptional({ example: '7995' })
  @IsOptional()
  @Matches(/^\d{4}$/, { message: 'must be a 4-digit MCC' })
  observedMcc?: string;

  @ApiPropertyOptional({ type: LocationDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => LocationDto)
  lastKnownLocation?: LocationDto;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601(ISO_TIME)
  lastGoodTransactionAt?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601(ISO_TIME)
  firstSuspiciousAt?: string;

  @ApiPropertyOptional({ description: 'false makes the case top priority (p1)' })
  @IsOptional()
  @IsBoolean()
  deviceWithMerchant?: boolean;

  @ApiPropertyOptional({ example: 'SH-PSB-2026-1123' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  policeReceiptNumber?: string;

  @ApiPropertyOptional({ example: 'ZF-2026-0042', description: 'a police stop-payment instruction (止付) number: top priority (p1)' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  policeStopPaymentInstruction?: string;

  @ApiPropertyOptional({ type: [ReportTransactionDto], maxItems: 500 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => ReportTransactionDto)
  transactions?: ReportTransactionDto[];

  @ApiPropertyOptional({ example: 'Merchant says the terminal never left the shop; bank saw swipes in another city.' })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  description?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601(ISO_TIME)
  occurredAt?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601(ISO_TIME)
  receivedAt?: string;
}
