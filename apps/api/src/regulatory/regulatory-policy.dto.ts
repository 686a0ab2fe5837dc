import { ApiPropertyOptional } from '@nestjs/swagger';
import { Allow, IsOptional } from 'class-validator';
import { REGULATORY_KINDS } from '@sentinel/contracts';
import { PolicyCalendarId, PolicyTarget, PolicyWarnAtPercent } from '../common/clock-policy-fields';
import { RecordUpdateDto } from '../common/record-update.dto';

/** PUT takes the record back: kind and updatedAt accepted and ignored; left-out fields unchanged. */
export class UpdateRegulatoryPolicyDto extends RecordUpdateDto {
  @ApiPropertyOptional({ enum: REGULATORY_KINDS, readOnly: true, description: 'ignored' })
  @IsOptional()
  @Allow()
  kind?: unknown;

  @PolicyTarget('P3D')
  target?: string;

  @PolicyCalendarId()
  calendarId?: string;

  @PolicyWarnAtPercent()
  warnAtPercent?: number;
}
