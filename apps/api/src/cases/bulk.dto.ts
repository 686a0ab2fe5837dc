import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsObject, IsOptional, IsUUID } from 'class-validator';

export class BulkDto {
  @ApiProperty({ type: [String], maxItems: 500 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  ids: string[];

  @ApiProperty({ enum: ['assign', 'close_early'] })
  @IsIn(['assign', 'close_early'])
  action: 'assign' | 'close_early';

  @ApiProperty({ type: 'object', additionalProperties: true, example: { assigneeId: '6f1c2a4e-8d3b-4f7a-9c21-0b5e3d7a9f10' }, description: 'the payload of the action, without version' })
  @IsObject()
  payload: Record<string, unknown>;
}

export class ClaimNextDto {
  @ApiProperty({ required: false })
  @IsOptional()
  @IsUUID()
  queueId?: string;
}
