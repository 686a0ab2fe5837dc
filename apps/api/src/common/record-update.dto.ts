import { ApiPropertyOptional } from '@nestjs/swagger';
import { Allow, IsOptional } from 'class-validator';

/**
 * `PUT /api/{resource}/:id` takes the whole record as react-admin sends it back (docs/api.md "Updates"):
 * `id` and the timestamps are accepted and ignored. Update DTOs extend this.
 */
export class RecordUpdateDto {
  @ApiPropertyOptional({ type: String, readOnly: true, description: 'ignored (read-only)' })
  @IsOptional()
  @Allow()
  id?: unknown;

  @ApiPropertyOptional({ type: String, readOnly: true, description: 'ignored (read-only)' })
  @IsOptional()
  @Allow()
  createdAt?: unknown;

  @ApiPropertyOptional({ type: String, readOnly: true, description: 'ignored (read-only)' })
  @IsOptional()
  @Allow()
  updatedAt?: unknown;
}
