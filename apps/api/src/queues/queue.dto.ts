import { RecordUpdateDto } from '../common/record-update.dto';
import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { Allow, IsObject, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import type { CreateQueueRequest, QueueCounts, QueueView } from '@sentinel/contracts';
import { CASE_FILTER_FIELDS } from '../cases/case-filter.sql';
import { OptionalNotNull, OptionalNullable, trim } from '../users/validators';

const FILTER_DESCRIPTION = `A saved case filter, as for GET /api/cases: keys ${CASE_FILTER_FIELDS.join(', ')}. Only open cases count.`;

@ApiSchema({ name: 'QueueCounts', description: 'Counts over the open cases a queue selects.' })
export class QueueCountsDto implements QueueCounts {
  @ApiProperty({ type: 'integer', example: 12, description: 'open cases matching' })
  open: number;

  @ApiProperty({ type: 'integer', example: 3 })
  unassigned: number;

  @ApiProperty({ type: 'integer', example: 2, description: 'current stage clock in warning' })
  warning: number;

  @ApiProperty({ type: 'integer', example: 1, description: 'current stage clock breached' })
  breached: number;
}

@ApiSchema({ name: 'Queue', description: 'A work queue: a saved filter of open cases, with live counts.' })
export class QueueDto implements QueueView {
  @ApiProperty({ format: 'uuid', readOnly: true })
  id: string;

  @ApiProperty({ example: 'P1 freeze' })
  name: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'only cases of this team; null = every team' })
  teamId: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, example: { stage: ['freeze'], priority: ['p1', 'p2'] }, description: FILTER_DESCRIPTION })
  filter: Record<string, unknown>;

  @ApiProperty({ type: QueueCountsDto, readOnly: true, nullable: true, description: 'null when the stored filter no longer validates' })
  counts: QueueCountsDto | null;

  @ApiProperty({ format: 'date-time', readOnly: true })
  createdAt: string;

  @ApiProperty({ format: 'date-time', readOnly: true })
  updatedAt: string;
}

@ApiSchema({ name: 'CreateQueue' })
export class CreateQueueDto implements CreateQueueRequest {
  @ApiProperty({ example: 'P1 freeze' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @OptionalNullable()
  @IsUUID('all', { message: 'must be a team id' })
  teamId?: string | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { stage: ['freeze'], priority: ['p1'] }, description: FILTER_DESCRIPTION, default: {} })
  @OptionalNotNull()
  @IsObject()
  filter?: Record<string, unknown>;
}

@ApiSchema({ name: 'UpdateQueue' })
export class UpdateQueueDto extends RecordUpdateDto {
  @ApiPropertyOptional({ type: QueueCountsDto, nullable: true, readOnly: true, description: 'ignored (derived)' })
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

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @OptionalNullable()
  @IsUUID('all', { message: 'must be a team id' })
  teamId?: string | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: FILTER_DESCRIPTION })
  @OptionalNotNull()
  @IsObject()
  filter?: Record<string, unknown>;
}
