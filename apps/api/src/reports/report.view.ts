import { ApiProperty, ApiSchema, OmitType } from '@nestjs/swagger';
import type { CreateReportResponse, ReportView } from '@sentinel/contracts';
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
