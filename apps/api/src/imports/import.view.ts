import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { FIELD_CODES, type FieldCode, type ImportRowError, type ImportView } from '@sentinel/contracts';

@ApiSchema({ name: 'ImportRowError', description: 'A refused row: its number (1 = the first row after the header), the field and its field code.' })
export class ImportRowErrorDto implements ImportRowError {
  @ApiProperty({ example: 12 })
  row: number;

  @ApiProperty({ example: 'sn' })
  field: string;

  @ApiProperty({ enum: FIELD_CODES, example: 'PATTERN' })
  code: FieldCode;
}

@ApiSchema({ name: 'Import', description: 'A historical import (docs/api.md "Historical import"), while and after it runs.' })
export class ImportDto implements ImportView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ['running', 'done', 'failed'] })
  status: 'running' | 'done' | 'failed';

  @ApiProperty({ description: 'data rows read so far' })
  rows: number;

  @ApiProperty({ description: 'rows imported or skipped so far' })
  done: number;

  @ApiProperty({ description: 'of done, rows whose externalId was imported before' })
  skipped: number;

  @ApiProperty({ description: 'rows refused so far' })
  failed: number;

  @ApiProperty({ type: [ImportRowErrorDto] })
  errors: ImportRowErrorDto[];

  @ApiProperty({ description: 'SHA-256 (hex) of the uploaded file' })
  fileSha256: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  finishedAt: string | null;
}
