import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { REGULATORY_KINDS, REGULATORY_STATES, type RegulatoryClockView, type RegulatoryKind, type RegulatoryPolicyView, type RegulatoryState } from '@sentinel/contracts';

@ApiSchema({ name: 'RegulatoryClock', description: 'A deadline owed to a regulator or card scheme; runs on after the case closes until filed or cancelled.' })
export class RegulatoryClockDto implements RegulatoryClockView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ example: 'SNC-2026-000042' }) caseReference: string;
  @ApiProperty({ enum: REGULATORY_KINDS }) kind: RegulatoryKind;
  @ApiProperty({ example: 'P3D' }) target: string;
  @ApiProperty({ example: 'business' }) calendarId: string;
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty({ description: 'started by the system at opening (amount at risk at or above the threshold)' }) automatic: boolean;
  @ApiProperty({ example: 'system', description: 'a user id, or `system`' }) startedBy: string;
  @ApiProperty({ format: 'date-time' }) warnAt: string;
  @ApiProperty({ format: 'date-time' }) dueAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) warnedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) breachedAt: string | null;
  @ApiProperty({ enum: REGULATORY_STATES }) state: RegulatoryState;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) filedAt: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'PBOC-SH-2026-00317' }) reference: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) filedBy: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) cancelledAt: string | null;
  @ApiProperty({ type: String, nullable: true }) cancelReason: string | null;
}

@ApiSchema({ name: 'RegulatoryPolicy', description: 'Target and calendar of a regulatory deadline kind (new clocks start on it).' })
export class RegulatoryPolicyDto implements RegulatoryPolicyView {
  @ApiProperty({ enum: REGULATORY_KINDS }) kind: RegulatoryKind;
  @ApiProperty({ example: 'P3D' }) target: string;
  @ApiProperty({ example: 'business' }) calendarId: string;
  @ApiProperty({ type: 'integer', example: 80 }) warnAtPercent: number;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}
