import { RecordUpdateDto } from '../common/record-update.dto';
import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Allow, IsOptional } from 'class-validator';
import { STAGES, type SlaPolicyView, type Stage } from '@sentinel/contracts';
import { PolicyCalendarId, PolicyTarget, PolicyWarnAtPercent } from '../common/clock-policy-fields';

/** One SLA policy per stage (docs/api.md "SLA"); the id is the stage. */
@ApiSchema({ name: 'SlaPolicy' })
export class SlaPolicyDto implements SlaPolicyView {
  @ApiProperty({ enum: STAGES, description: 'the stage (policies use their stage as id)' }) id: Stage;
  @ApiProperty({ enum: STAGES }) stage: Stage;
  @ApiProperty({ example: 'PT1H', description: 'ISO 8601 duration; seconds allowed (PT30S); on a business calendar P1D = one working day' }) target: string;
  @ApiProperty({ example: '24x7' }) calendarId: string;
  @ApiProperty({ type: 'integer', example: 80, minimum: 1, maximum: 99 }) warnAtPercent: number;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

/** PUT takes the record back: id, stage and updatedAt accepted and ignored; left-out fields unchanged. */
export class UpdateSlaPolicyDto extends RecordUpdateDto {
  @ApiPropertyOptional({ enum: STAGES, readOnly: true, description: 'ignored' })
  @IsOptional()
  @Allow()
  stage?: unknown;

  @PolicyTarget('PT1H')
  target?: string;

  @PolicyCalendarId()
  calendarId?: string;

  @PolicyWarnAtPercent()
  warnAtPercent?: number;
}
