import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { Allow, ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import {
  ALERT_CHANNELS,
  ALERT_DELIVERY_KINDS,
  ALERT_DELIVERY_STATUSES,
  ALERT_TYPES,
  DIGEST_MINUTES,
  ROBOT_CHANNELS,
  type AlertChannel,
  type AlertDeliveryKind,
  type AlertDeliveryStatus,
  type AlertDeliveryView,
  type AlertPreferencesUpdate,
  type AlertPreferencesView,
  type AlertRoute,
  type AlertType,
  type RobotChannel,
  type RobotEndpointUpdate,
  type RobotEndpointView,
} from '@sentinel/contracts';
import { OptionalNullable } from '../users/validators';

@ApiSchema({ name: 'AlertRoute', description: 'The channels an alert type also goes to (the console always gets it).' })
export class AlertRouteDto implements AlertRoute {
  @ApiProperty({ enum: ALERT_TYPES })
  @IsIn(ALERT_TYPES)
  type: AlertType;

  @ApiProperty({ enum: ALERT_CHANNELS, isArray: true, example: ['email', 'dingtalk'] })
  @IsArray()
  @ArrayMaxSize(ALERT_CHANNELS.length)
  @IsIn(ALERT_CHANNELS, { each: true })
  channels: AlertChannel[];
}

@ApiSchema({ name: 'RobotEndpoint', description: 'A chat robot or webhook of the caller; the URL holds its token, so only a hint is shown.' })
export class RobotEndpointDto implements RobotEndpointView {
  @ApiProperty({ enum: ROBOT_CHANNELS }) channel: RobotChannel;
  @ApiProperty({ example: 'https://oapi.dingtalk.com/…3f9a' }) urlHint: string;
  @ApiProperty({ description: 'a signing secret is stored (write-only)' }) secretSet: boolean;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

@ApiSchema({ name: 'AlertEmailChannel' })
export class AlertEmailChannelDto {
  @ApiProperty({ format: 'email', description: "the caller's account address" }) address: string;
  @ApiProperty({ description: 'false when the installation has no SMTP server (SMTP_URL)' }) available: boolean;
}

@ApiSchema({ name: 'AlertPreferences', description: "The caller's alert channels: per alert type, digest window, robots." })
export class AlertPreferencesDto implements AlertPreferencesView {
  @ApiProperty({ enum: DIGEST_MINUTES, example: 15, description: '0: each alert at once; else one message per window' }) digestMinutes: number;
  @ApiProperty({ type: [AlertRouteDto], description: 'every alert type, in a fixed order' }) routes: AlertRouteDto[];
  @ApiProperty({ type: AlertEmailChannelDto }) email: AlertEmailChannelDto;
  @ApiProperty({ type: [RobotEndpointDto] }) robots: RobotEndpointDto[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null until first saved' }) updatedAt: string | null;
}

@ApiSchema({ name: 'AlertPreferencesUpdate' })
export class UpdateAlertPreferencesDto implements AlertPreferencesUpdate {
  @ApiProperty({ enum: DIGEST_MINUTES, example: 15 })
  @IsInt()
  @IsIn(DIGEST_MINUTES)
  digestMinutes: number;

  @ApiProperty({ type: [AlertRouteDto], description: 'alert types left out go to the console only' })
  @IsArray()
  @ArrayMaxSize(ALERT_TYPES.length)
  @ValidateNested({ each: true })
  @Type(() => AlertRouteDto)
  routes: AlertRouteDto[];

  // What GET answered, sent back as it was (react-admin style): accepted and ignored.
  @ApiPropertyOptional({ readOnly: true }) @IsOptional() @Allow() email?: unknown;
  @ApiPropertyOptional({ readOnly: true }) @IsOptional() @Allow() robots?: unknown;
  @ApiPropertyOptional({ readOnly: true }) @IsOptional() @Allow() updatedAt?: unknown;
}

@ApiSchema({ name: 'RobotEndpointUpdate' })
export class UpdateRobotEndpointDto implements RobotEndpointUpdate {
  @ApiProperty({ example: 'https://oapi.dingtalk.com/robot/send?access_token=…', description: 'https, public addresses (docs/api.md outbound rule)' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  url: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'omitted: keep; null: remove. DingTalk/Feishu: the robot\'s "SEC…" signing secret; webhook: whsec_…' })
  @OptionalNullable()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  secret?: string | null;
}

@ApiSchema({ name: 'AlertDelivery', description: 'One message to one of the caller\'s channels, with its attempts so far.' })
export class AlertDeliveryDto implements AlertDeliveryView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ALERT_CHANNELS }) channel: AlertChannel;
  @ApiProperty({ enum: ALERT_DELIVERY_KINDS }) kind: AlertDeliveryKind;
  @ApiProperty({ enum: ALERT_DELIVERY_STATUSES }) status: AlertDeliveryStatus;
  @ApiProperty({ type: 'integer' }) alertCount: number;
  @ApiProperty({ type: 'integer' }) attemptCount: number;
  @ApiProperty({ type: String, nullable: true, example: 'HTTP 503 Service Unavailable' }) lastError: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastAttemptAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'while pending' }) nextAttemptAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deliveredAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}
