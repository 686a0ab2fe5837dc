import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import {
  FREEZE_SCOPES,
  HOLD_BASES,
  HOLD_KINDS,
  HOLD_STATUSES,
  type FreezeScope,
  type HoldBasis,
  type HoldKind,
  type HoldRenewalView,
  type HoldStatus,
  type HoldView,
} from '@sentinel/contracts';

@ApiSchema({ name: 'HoldRenewal', description: 'One renewal of a hold.' })
export class HoldRenewalDto implements HoldRenewalView {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ format: 'uuid' }) by: string;
  @ApiProperty({ format: 'date-time', description: 'the expiry this renewal set' }) expiresAt: string;
  @ApiProperty({ type: String, nullable: true, example: 'HP-ZF-2026-0107' }) instructionNumber: string | null;
}

@ApiSchema({ name: 'Hold', description: 'A restriction on the terminal or its settlement account: an acquirer control or a police order.' })
export class HoldDto implements HoldView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ example: 'SNC-2026-000042' }) caseReference: string;
  @ApiProperty({ enum: HOLD_KINDS }) kind: HoldKind;
  @ApiProperty({ enum: FREEZE_SCOPES, isArray: true }) scope: FreezeScope[];
  @ApiProperty({ enum: HOLD_BASES }) basis: HoldBasis;
  @ApiProperty({ type: String, nullable: true, example: 'HP-ZF-2026-0107' }) instructionNumber: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Shanghai PSB Huangpu Branch' }) issuingAuthority: string | null;
  @ApiProperty({ format: 'date-time' }) placedAt: string;
  @ApiProperty({ format: 'uuid' }) placedBy: string;
  @ApiProperty({ type: String, nullable: true, example: 'Chen Jie' }) placedByName: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null: an acquirer control without an end' }) expiresAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'when the `hold.expiring` alarm goes (or went) off' }) warnAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) warnedAt: string | null;
  @ApiProperty({ type: [HoldRenewalDto] }) renewals: HoldRenewalDto[];
  @ApiProperty({ enum: HOLD_STATUSES }) status: HoldStatus;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiredAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) releasedAt: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) releasedBy: string | null;
  @ApiProperty({ type: String, nullable: true }) releaseReason: string | null;
}
