import { RecordUpdateDto } from '../common/record-update.dto';
import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import type { CalendarView, WorkingHours } from '@sentinel/contracts';
import { Transform } from 'class-transformer';
import { Allow, ArrayMaxSize, IsArray, IsObject, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { OptionalNotNull, trim } from '../users/validators';

export const CALENDAR_ID_PATTERN = /^[a-z0-9-]{2,40}$/;
const MAX_DATES = 2000;

const WORKING_HOURS_SCHEMA = {
  type: 'object' as const,
  additionalProperties: { type: 'array' as const, items: { type: 'string' as const }, minItems: 2, maxItems: 2 },
  example: { mon: ['09:00', '18:00'], tue: ['09:00', '18:00'], wed: ['09:00', '18:00'], thu: ['09:00', '18:00'], fri: ['09:00', '18:00'] },
};

/** A working calendar for SLA clocks (docs/api.md "SLA"). Field rules: libs/domain `validateCalendar`. */
@ApiSchema({ name: 'Calendar' })
export class CalendarDto implements CalendarView {
  @ApiProperty({ example: 'cn-business' }) id: string;
  @ApiProperty({ example: 'China business days' }) name: string;
  @ApiProperty({ example: 'Asia/Shanghai' }) timeZone: string;
  @ApiProperty(WORKING_HOURS_SCHEMA) workingHours: WorkingHours;
  @ApiProperty({ type: [String], example: ['2026-10-01'] }) holidays: string[];
  @ApiProperty({ type: [String], example: ['2026-09-27'], description: 'make-up working days on weekends (调休)' }) extraWorkingDays: string[];
  @ApiProperty({ description: 'the built-in 24x7 calendar cannot be changed or deleted' }) builtin: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class CreateCalendarDto {
  @ApiProperty({ example: 'cn-business', pattern: CALENDAR_ID_PATTERN.source })
  @IsString()
  @Matches(CALENDAR_ID_PATTERN, { message: 'must be 2–40 characters of a–z, 0–9 and -' })
  id: string;

  @ApiProperty({ example: 'China business days' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name: string;

  @ApiProperty({ example: 'Asia/Shanghai' })
  @IsString()
  timeZone: string;

  @ApiProperty(WORKING_HOURS_SCHEMA)
  @IsObject()
  workingHours: Record<string, unknown>;

  @ApiPropertyOptional({ type: [String], default: [] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_DATES)
  holidays?: unknown[];

  @ApiPropertyOptional({ type: [String], default: [] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_DATES)
  extraWorkingDays?: unknown[];
}

/** PUT takes the record back: id, builtin and timestamps accepted and ignored; left-out fields unchanged. */
export class UpdateCalendarDto extends RecordUpdateDto {
  @ApiPropertyOptional({ type: Boolean, readOnly: true, description: 'ignored' })
  @IsOptional()
  @Allow()
  builtin?: unknown;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name?: string;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsString()
  timeZone?: string;

  @ApiPropertyOptional(WORKING_HOURS_SCHEMA)
  @OptionalNotNull()
  @IsObject()
  workingHours?: Record<string, unknown>;

  @ApiPropertyOptional({ type: [String] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_DATES)
  holidays?: unknown[];

  @ApiPropertyOptional({ type: [String] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_DATES)
  extraWorkingDays?: unknown[];
}
