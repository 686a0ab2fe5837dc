import { RecordUpdateDto } from '../common/record-update.dto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { Allow, IsObject, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import type { CreateQueueRequest, QueueCounts, QueueView } from '@sentinel/contracts';
import { CASE_FILTER_FIELDS } from '../cases/case-filter.sql';
import { OptionalNotNull, OptionalNullable, trim } from '../users/validators';

const FILTER_DESCRIPTION = `A saved case filter, as for GET /api/cases: keys ${CASE_FILTER_FIELDS.join(', ')}. Only open cases count.`;

export class QueueCountsDto implements QueueCounts {
  @ApiProperty({ example: 12, description: 'open cases matching' })
  open: number;

  @ApiProperty({ example: 3 })
  unassigned: number;

  @ApiProperty({ example: 2, description: 'current stage clock in warning' })
  warning: number;

  @ApiProperty({ example: 1, description: 'current stage clock breached' })
  breached: number;
}

export class QueueDto implements QueueView {
  @ApiProperty({ format: 'uuid', readOnly: true })
  id: string;

  @ApiProperty({ example: 'P1 freeze' })
  name: string;

  @ApiProperty({ format: 'uuid', nullable: true, description: 'only cases of this team; null = every team' })
  teamId: string | null;

  @ApiProperty({ example: { stage: ['freeze'], priority: ['p1', 'p2'] }, description: FILTER_DESCRIPTION })
  filter: Record<string, unknown>;

  @ApiProperty({ type: QueueCountsDto, readOnly: true, nullable: true })
  counts: QueueCountsDto | null;

  @ApiProperty({ readOnly: true })
  createdAt: string;

  @ApiProperty({ readOnly: true })
  updatedAt: string;
}

export class CreateQueueDto implements CreateQueueRequest {
  @ApiProperty({ example: 'P1 freeze' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @OptionalNullable()
  @IsUUID('all', { message: 'must be a team id' })
  teamId?: string | null;

  @ApiPropertyOptional({ example: { stage: ['freeze'], priority: ['p1'] }, description: FILTER_DESCRIPTION, default: {} })
  @OptionalNotNull()
  @IsObject()
  filter?: Record<string, unknown>;
}

export class UpdateQueueDto extends RecordUpdateDto {
  @ApiPropertyOptional({ readOnly: true, description: 'ignored (derived)' })
  @IsOptional()
  @Allow()
  counts?: unknown;

  @ApiPropertyOptional({ example: 'P1 freeze' })
  @OptionalNotNull()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @OptionalNullable()
  @IsUUID('all', { message: 'must be a team id' })
  teamId?: string | null;

  @ApiPropertyOptional({ description: FILTER_DESCRIPTION })
  @OptionalNotNull()
  @IsObject()
  filter?: Record<string, unknown>;
}
