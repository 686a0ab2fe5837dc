import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import {
  ATTEMPT_OUTCOMES,
  FREEZE_SCOPES,
  MISUSE_TYPES,
  NOTIFICATION_STATUSES,
  NOTIFICATION_TYPES,
  OUTCOMES,
  type AttemptOutcome,
  type BankNotificationBody,
  type FreezeScope,
  type MisuseType,
  type NotificationAttemptView as NotificationAttempt,
  type NotificationStatus,
  type NotificationType,
  type NotificationView,
  type Outcome,
} from '@sentinel/contracts';
import type { NotificationAttemptRow, NotificationRow } from '@sentinel/persistence';
import { MoneyDto } from '../reports/create-report.dto';

export type { NotificationView };

const iso = (d: Date | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

@ApiSchema({ name: 'NotificationAttempt' })
export class NotificationAttemptDto implements NotificationAttempt {
  @ApiProperty({ type: 'integer', example: 1 }) attemptNo: number;
  @ApiProperty({ type: 'integer', example: 1, description: 'starts at 1; a supervisor retry starts a new generation' }) generation: number;
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty({ type: 'integer', example: 184 }) durationMs: number;
  @ApiProperty({ type: 'integer', nullable: true, example: 200 }) statusCode: number | null;
  @ApiProperty({ type: String, nullable: true, example: null }) error: string | null;
  @ApiProperty({ enum: ATTEMPT_OUTCOMES }) outcome: AttemptOutcome;
}

/** The webhook body a bank receives (libs/contracts `BankNotificationBody`), one schema for every type. */
@ApiSchema({ name: 'BankNotificationBody', description: 'The signed webhook body a bank receives (Standard Webhooks); no personal data.' })
export class BankNotificationBodyDto {
  @ApiProperty({ enum: NOTIFICATION_TYPES }) type: NotificationType;
  @ApiProperty({ format: 'uuid', description: 'also the webhook-id header; callbacks name it' }) notificationId: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ example: 'SNC-2026-000123' }) caseReference: string;
  @ApiProperty({ example: 'ICBC_SH' }) bankCode: string;
  @ApiProperty({ example: 'PAX-A920-7777777' }) sn: string;
  @ApiProperty({ type: String, nullable: true, example: '10293847' }) terminalId: string | null;
  @ApiProperty({ type: String, nullable: true, example: '898310048161234' }) merchantId: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Shanghai Jade Tea House' }) merchantName: string | null;
  @ApiProperty({ enum: MISUSE_TYPES }) misuseType: MisuseType;
  @ApiProperty({ type: MoneyDto, nullable: true }) amountAtRisk: MoneyDto | null;
  @ApiProperty({ format: 'date-time' }) requestedAt: string;
  @ApiProperty({ enum: FREEZE_SCOPES, isArray: true, example: ['terminal', 'settlement'] }) scope: FreezeScope[];
  @ApiPropertyOptional({ example: 'reopened' }) reason?: string;
  @ApiPropertyOptional({ enum: OUTCOMES }) outcome?: Outcome;
}

/** One outgoing bank notification with its attempts (docs/api.md "Banks and notifications"). */
@ApiSchema({ name: 'Notification' })
export class NotificationViewDto implements NotificationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ example: 'SNC-2026-000123' }) caseReference: string;
  @ApiProperty({ example: 'ICBC_SH' }) bankCode: string;
  @ApiProperty({ enum: NOTIFICATION_TYPES }) type: NotificationType;
  @ApiProperty({ enum: NOTIFICATION_STATUSES }) status: NotificationStatus;
  @ApiProperty({ type: 'integer', example: 1, description: 'starts at 1; a supervisor retry starts a new generation (fresh schedule)' }) generation: number;
  @ApiProperty({ type: 'integer', example: 0, description: 'attempts made in the current generation' }) attemptCount: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) nextAttemptAt: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'HTTP 503' }) lastError: string | null;
  @ApiProperty({ type: 'integer', nullable: true, example: 503 }) lastStatusCode: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deliveredAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deadAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ type: BankNotificationBodyDto, description: 'the body the bank receives (no personal data)' }) payload: BankNotificationBody;
  @ApiProperty({ type: [NotificationAttemptDto], description: 'every generation, ordered by generation and attempt number' }) attempts: NotificationAttemptDto[];
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
