import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { NotificationStatus, NotificationType } from '@sentinel/contracts';
import type { NotificationAttemptRow, NotificationRow } from '@sentinel/persistence';

const iso = (d: Date | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

export class NotificationAttemptView {
  @ApiProperty() attemptNo: number;
  @ApiProperty() generation: number;
  @ApiProperty() startedAt: string;
  @ApiProperty() durationMs: number;
  @ApiPropertyOptional({ nullable: true }) statusCode: number | null;
  @ApiPropertyOptional({ nullable: true }) error: string | null;
  @ApiProperty({ enum: ['delivered', 'failed'] }) outcome: 'delivered' | 'failed';
}

/** One outgoing bank notification with its attempts (docs/api.md "Banks and notifications"). */
export class NotificationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ example: 'SNC-2026-000123' }) caseReference: string;
  @ApiProperty({ example: 'ICBC' }) bankCode: string;
  @ApiProperty({ enum: ['freeze.requested', 'unfreeze.requested', 'case.closed'] }) type: NotificationType;
  @ApiProperty({ enum: ['pending', 'delivering', 'delivered', 'dead', 'cancelled'] }) status: NotificationStatus;
  @ApiProperty({ description: 'starts at 1; a supervisor retry starts a new generation (fresh schedule)' }) generation: number;
  @ApiProperty({ description: 'attempts made in the current generation' }) attemptCount: number;
  @ApiPropertyOptional({ nullable: true }) nextAttemptAt: string | null;
  @ApiPropertyOptional({ nullable: true }) lastError: string | null;
  @ApiPropertyOptional({ nullable: true }) lastStatusCode: number | null;
  @ApiPropertyOptional({ nullable: true }) deliveredAt: string | null;
  @ApiPropertyOptional({ nullable: true }) deadAt: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiProperty({ description: 'the body the bank receives (no personal data)', type: 'object', additionalProperties: true }) payload: Record<string, unknown>;
  @ApiProperty({ type: [NotificationAttemptView] }) attempts: NotificationAttemptView[];
}

export function toNotificationView(r: NotificationRow, attempts: NotificationAttemptRow[]): NotificationView {
  return {
    id: r.id,
    caseId: r.case_id,
    caseReference: r.case_reference,
    bankCode: r.bank_code,
    type: r.type,
    status: r.status,
    generation: r.generation,
    attemptCount: r.attempt_count,
    nextAttemptAt: iso(r.next_attempt_at),
    lastError: r.last_error,
    lastStatusCode: r.last_status_code,
    deliveredAt: iso(r.delivered_at),
    deadAt: iso(r.dead_at),
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
    payload: r.payload,
    attempts: attempts.map((a) => ({
      attemptNo: a.attempt_no,
      generation: a.generation,
      startedAt: iso(a.started_at)!,
      durationMs: a.duration_ms,
      statusCode: a.status_code,
      error: a.error,
      outcome: a.outcome,
    })),
  };
}
