import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { EVIDENCE_TYPES, type EvidenceType, type EvidenceView } from '@sentinel/contracts';

/** An evidence item (libs/contracts `EvidenceView`); removal keeps the bytes. */
@ApiSchema({ name: 'Evidence' })
export class EvidenceDto implements EvidenceView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ enum: EVIDENCE_TYPES }) type: EvidenceType;
  @ApiProperty({ example: 'police-receipt.pdf' }) fileName: string;
  @ApiProperty({ type: 'integer', example: 48213, description: 'bytes' }) size: number;
  @ApiProperty({ example: 'application/pdf', description: 'judged by content' }) mediaType: string;
  @ApiProperty({ example: '3f79bb7b435b05321651daefd374cdc681dc06faa65e374e38337b88ca046dea', description: 'SHA-256 (hex) of the bytes' }) sha256: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ format: 'uuid' }) addedBy: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'Chen Jie' }) addedByName?: string | null;
  @ApiProperty({ format: 'date-time' }) addedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) removedAt: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) removedBy: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) removedByName?: string | null;
  @ApiProperty({ type: String, nullable: true }) removalReason: string | null;
}
