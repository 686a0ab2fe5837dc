import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import {
  CLOCK_STATES,
  PRIORITIES,
  STAGES,
  type ClockState,
  type Priority,
  type SlaBreachRow,
  type SlaSeriesPoint,
  type SlaStageSummary,
  type SlaSummary,
  type Stage,
  type WorkloadRow,
} from '@sentinel/contracts';

/** Response schemas of the SLA read models (libs/contracts `sla.ts`). */

@ApiSchema({ name: 'SlaBreach', description: 'A clock that breached, with its case.' })
export class SlaBreachDto implements SlaBreachRow {
  @ApiProperty({ format: 'uuid', description: 'the clock' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ example: 'SNC-2026-000123' }) caseReference: string;
  @ApiProperty({ enum: STAGES }) stage: Stage;
  @ApiProperty({ format: 'date-time' }) dueAt: string;
  @ApiProperty({ format: 'date-time' }) breachedAt: string;
  @ApiProperty({ enum: CLOCK_STATES, description: 'breached while running; met, waived or cancelled once it ended' }) state: ClockState;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) assigneeId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) teamId: string | null;
  @ApiProperty({ enum: PRIORITIES }) priority: Priority;
  @ApiProperty({ description: 'the case is still open' }) open: boolean;
}

@ApiSchema({ name: 'SlaStageSummary' })
export class SlaStageSummaryDto implements SlaStageSummary {
  @ApiProperty({ enum: STAGES }) stage: Stage;
  @ApiProperty({ type: 'integer', example: 12, description: 'clocks running now' }) open: number;
  @ApiProperty({ type: 'integer', example: 2, description: 'running clocks in warning' }) warning: number;
  @ApiProperty({ type: 'integer', example: 1, description: 'running clocks that breached' }) breached: number;
  @ApiProperty({ type: 'integer', example: 40, description: 'clocks met in [from, to)' }) met: number;
  @ApiProperty({ type: Number, nullable: true, example: 0.05, description: 'breachedInRange / (metOnTime + breachedInRange); null when both are 0' }) breachRate: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 1860, description: 'median seconds from start to met, over the clocks met in the range' }) medianSeconds: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 3300 }) p90Seconds: number | null;
  @ApiProperty({ type: 'integer', example: 2, description: 'clocks whose breach happened in the range' }) breachedInRange: number;
  @ApiProperty({ type: 'integer', example: 38, description: 'clocks met in the range that never breached' }) metOnTime: number;
}

@ApiSchema({ name: 'SlaSeriesPoint', description: 'One local day or ISO week (DEFAULT_TIME_ZONE) and stage; buckets without events are left out.' })
export class SlaSeriesPointDto implements SlaSeriesPoint {
  @ApiProperty({ example: '2026-11-23', description: 'YYYY-MM-DD (a week starts on Monday)' }) bucket: string;
  @ApiProperty({ enum: STAGES }) stage: Stage;
  @ApiProperty({ type: 'integer', example: 1 }) breached: number;
  @ApiProperty({ type: 'integer', example: 7 }) met: number;
  @ApiProperty({ type: 'integer', example: 6, description: 'met without having breached: breached / (metOnTime + breached) is the bucket\'s breach rate' }) metOnTime: number;
  @ApiProperty({ type: Number, nullable: true, example: 1800 }) medianSeconds: number | null;
}

@ApiSchema({ name: 'SlaSummary' })
export class SlaSummaryDto implements SlaSummary {
  @ApiProperty({ type: [SlaStageSummaryDto], description: 'one per stage, in lifecycle order' }) stages: SlaStageSummaryDto[];
  @ApiProperty({ type: [SlaSeriesPointDto] }) series: SlaSeriesPointDto[];
}

@ApiSchema({ name: 'Workload', description: 'An active analyst or supervisor and their open work.' })
export class WorkloadDto implements WorkloadRow {
  @ApiProperty({ format: 'uuid' }) assigneeId: string;
  @ApiProperty({ example: 'Chen Jie' }) name: string;
  @ApiProperty({ type: 'integer', example: 7 }) open: number;
  @ApiProperty({ type: 'integer', example: 1, description: 'open cases past their due time or breached' }) overdue: number;
}
