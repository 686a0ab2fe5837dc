import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { WATCHLIST_KINDS, type WatchlistEntryView, type WatchlistHitView, type WatchlistKind } from '@sentinel/contracts';

@ApiSchema({ name: 'WatchlistEntry', description: 'A watched SN or MID: a report matching it opens at p1 and alerts.' })
export class WatchlistEntryDto implements WatchlistEntryView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: WATCHLIST_KINDS }) kind: WatchlistKind;
  @ApiProperty({ example: 'PAX-A920-00012345', description: 'normalised like an SN' }) value: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'the confirmed case that put it there; null when added by hand' }) caseId: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'SNC-2026-000123', description: 'that case’s reference; null when added by hand' }) caseReference: string | null;
  @ApiProperty({ format: 'date-time' }) addedAt: string;
  @ApiProperty({ example: 'system', description: 'a user id, or `system`' }) addedBy: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) removedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) removedReason: string | null;
  @ApiProperty({ description: 'not removed and not expired' }) active: boolean;
}

@ApiSchema({ name: 'WatchlistHit', description: 'A report of the case matched an active watchlist entry.' })
export class WatchlistHitDto implements WatchlistHitView {
  @ApiProperty({ format: 'uuid' }) entryId: string;
  @ApiProperty({ enum: WATCHLIST_KINDS }) kind: WatchlistKind;
  @ApiProperty({ example: 'PAX-A920-00012345' }) value: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) earlierCaseId: string | null;
  @ApiProperty({ format: 'uuid' }) reportId: string;
  @ApiProperty({ format: 'date-time' }) at: string;
}

@ApiSchema({ name: 'AddWatchlistEntry' })
export class AddWatchlistEntryDto {
  @ApiProperty({ enum: WATCHLIST_KINDS })
  @IsIn(WATCHLIST_KINDS)
  kind: WatchlistKind;

  @ApiProperty({ example: 'PAX-A920-00012345', description: 'an SN or a MID (normalised like an SN)' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  value: string;

  @ApiProperty({ type: 'integer', example: 90, minimum: 1, maximum: 3650 })
  @IsInt()
  @Min(1)
  @Max(3650)
  days: number;

  @ApiProperty({ example: 'Police asked us to watch this merchant' })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  reason: string;
}

@ApiSchema({ name: 'RemoveWatchlistEntry' })
export class RemoveWatchlistEntryDto {
  @ApiProperty({ example: 'Merchant cleared by the bank' })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  reason: string;
}
