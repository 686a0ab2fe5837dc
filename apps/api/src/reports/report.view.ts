import { ApiProperty, ApiSchema, OmitType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import {
  REPORTER_REVEALABLE_FIELDS,
  type CreateReportResponse,
  type ReporterRevealableField,
  type ReporterRevealedValue,
  type ReporterRevealRequest,
  type ReportView,
} from '@sentinel/contracts';
import { trim } from '../users/validators';
import { ActorRefView } from '../openapi/common-schemas';
import { CreateReportDto } from './create-report.dto';

/** A stored report: what was sent (times in UTC), with the case it opened or joined (libs/contracts `ReportView`). */
@ApiSchema({ name: 'Report' })
export class ReportDto extends OmitType(CreateReportDto, ['receivedAt']) implements ReportView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ example: 'SNC-2026-000123' }) caseReference: string;
  @ApiProperty({ format: 'date-time', description: 'as sent, else when the API received it; UTC' }) receivedAt: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: ActorRefView, description: 'the user or API key owner who sent it' }) submittedBy: { id: string; role: string };
}

@ApiSchema({ name: 'ReportCreated' })
export class ReportCreatedDto implements CreateReportResponse {
  @ApiProperty({ format: 'uuid', description: 'the report' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ example: 'SNC-2026-000123' }) caseReference: string;
  @ApiProperty({ description: 'true when the SN had an open case and the report joined it' }) linkedToExisting: boolean;
}

@ApiSchema({ name: 'ReporterRevealRequest' })
export class ReporterRevealDto implements ReporterRevealRequest {
  @ApiProperty({ enum: REPORTER_REVEALABLE_FIELDS })
  @IsIn(REPORTER_REVEALABLE_FIELDS as unknown as string[], { message: `must be one of ${REPORTER_REVEALABLE_FIELDS.join(', ')}` })
  field: ReporterRevealableField;

  @ApiProperty({ example: 'Calling the reporter back about the police receipt', description: 'recorded in the audit chain' })
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  reason: string;
}

@ApiSchema({ name: 'ReporterRevealed' })
export class ReporterRevealedDto implements ReporterRevealedValue {
  @ApiProperty({ enum: REPORTER_REVEALABLE_FIELDS })
  field: ReporterRevealableField;

  @ApiProperty({ type: String, nullable: true, example: '+86 138 0000 0000' })
  value: string | null;
}
