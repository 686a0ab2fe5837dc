import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { Allow, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { REGULATORY_KINDS } from '@sentinel/contracts';
import { RecordUpdateDto } from '../common/record-update.dto';
import { OptionalNotNull, trim } from '../users/validators';

/** PUT takes the record back: kind and updatedAt accepted and ignored; left-out fields unchanged. */
export class UpdateRegulatoryPolicyDto extends RecordUpdateDto {
  @ApiPropertyOptional({ enum: REGULATORY_KINDS, readOnly: true, description: 'ignored' })
  @IsOptional()
  @Allow()
  kind?: unknown;

  @ApiPropertyOptional({ example: 'P3D' })
  @OptionalNotNull()
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(40)
  target?: string;

  @ApiPropertyOptional({ example: 'business' })
  @OptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  calendarId?: string;

  @ApiPropertyOptional({ example: 80 })
  @OptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(99)
  warnAtPercent?: number;
}
