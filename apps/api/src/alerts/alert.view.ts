import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { ALERT_TYPES, STAGES, type AlertType, type AlertView, type ReadAllResult, type Stage, type UnreadCount } from '@sentinel/contracts';

@ApiSchema({ name: 'Alert', description: 'One of the caller\'s in-app alerts.' })
export class AlertDto implements AlertView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ALERT_TYPES }) type: AlertType;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) caseId: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'SNC-2026-000123' }) caseReference: string | null;
  @ApiProperty({ enum: STAGES, nullable: true, description: 'the stage of an SLA alert' }) stage: Stage | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'the notification of a notification.dead alert' }) notificationId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null while unread' }) readAt: string | null;
}

@ApiSchema({ name: 'UnreadCount' })
export class UnreadCountDto implements UnreadCount {
  @ApiProperty({ type: 'integer', example: 3 }) count: number;
}

@ApiSchema({ name: 'ReadAllResult' })
export class ReadAllResultDto implements ReadAllResult {
  @ApiProperty({ type: 'integer', example: 3, description: 'alerts marked read' }) updated: number;
}
