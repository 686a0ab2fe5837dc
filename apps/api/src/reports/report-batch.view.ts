import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import type { BatchReportResult, BatchReportsResponse } from '@sentinel/contracts';
import { CreateReportDto } from './create-report.dto';

/** OpenAPI only: items are validated one by one by `ReportBatchService`, so one bad item never refuses the batch. */
@ApiSchema({ name: 'BatchReportItem' })
export class BatchReportItemDto extends CreateReportDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'bank-alert-2026-11-25-000042', description: "the item's Idempotency-Key (the caller's namespace; not part of the hashed body)" })
  idempotencyKey: string;
}

@ApiSchema({ name: 'BatchReports' })
export class BatchReportsDto {
  @ApiProperty({ type: [BatchReportItemDto], minItems: 1, maxItems: 1000 })
  reports: BatchReportItemDto[];
}

@ApiSchema({ name: 'BatchReportResult' })
export class BatchReportResultDto implements BatchReportResult {
  @ApiProperty({ type: 'integer', description: "the item's position, from 0" }) index: number;
  @ApiProperty({ type: 'integer', example: 201, description: 'the HTTP status the item would have had alone' }) status: number;
  @ApiPropertyOptional({ format: 'uuid', description: 'the report' }) id?: string;
  @ApiPropertyOptional({ format: 'uuid' }) caseId?: string;
  @ApiPropertyOptional({ example: 'SNC-2026-000123' }) caseReference?: string;
  @ApiPropertyOptional() linkedToExisting?: boolean;
  @ApiPropertyOptional({ enum: [true], description: 'the key had been answered before: this is its replay' }) replayed?: boolean;
  @ApiPropertyOptional({ example: 'VALIDATION.FAILED', description: "the item's problem code" }) code?: string;
  @ApiPropertyOptional() message?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, description: 'field path → message' }) errors?: Record<string, string>;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, description: 'field path → stable field code' }) fieldCodes?: Record<string, string>;
}

@ApiSchema({ name: 'BatchReportsResponse' })
export class BatchReportsResponseDto implements BatchReportsResponse {
  @ApiProperty({ type: [BatchReportResultDto] }) results: BatchReportResultDto[];
}
