import { ApiPropertyOptional } from '@nestjs/swagger';
import { Allow, IsOptional } from 'class-validator';

/**
 * `PUT /api/{resource}/:id` takes the whole record as react-admin sends it back (docs/api.md "Updates"):
 * `id` and the timestamps are accepted and ignored. Update DTOs extend this.
 */
export class RecordUpdateDto {
  @ApiPropertyOptional({ readOnly: true, description: 'ignored' })
  @IsOptional()
  @Allow()
  id?: unknown;

  @ApiPropertyOptional({ readOnly: true, description: 'ignored' })
  @IsOptional()
  @Allow()
  createdAt?: unknown;

  @ApiPropertyOptional({ readOnly: true, description: 'ignored' })
  @IsOptional()
  @Allow()
  updatedAt?: unknown;
}
