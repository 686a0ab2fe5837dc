import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ALERT_CHANNELS, ROBOT_CHANNELS, type AlertDeliveryView, type AlertPreferencesView, type RobotEndpointView } from '@sentinel/contracts';
import { ALL_HUMANS, CurrentActor, Roles } from '../auth/auth.decorators';
import type { Actor } from '../auth/actor';
import { contentRange } from '../common/list-query';
import { correlationIdOf } from '../common/correlation-id';
import { ApiList, ApiProblem } from '../openapi/decorators';
import { AlertDeliveryDto, AlertPreferencesDto, RobotEndpointDto, UpdateAlertPreferencesDto, UpdateRobotEndpointDto } from './alert-preferences.dto';
import { AlertChannelsService, DELIVERY_FILTERS, DELIVERY_SORTS } from './alert-channels.service';

/** The caller's own alert channels (docs/api.md "Alert channels"): nothing here names another user. */
@ApiTags('alert channels')
@Controller('me')
export class AlertChannelsController {
  constructor(private readonly channels: AlertChannelsService) {}

  @Roles(...ALL_HUMANS)
  @Get('alert-preferences')
  @ApiOperation({ summary: "Show the caller's alert preferences", description: 'Every alert type with the channels it also goes to, the digest window, the e-mail address and the stored robots (URL hints only).' })
  @ApiOkResponse({ type: AlertPreferencesDto })
  get(@CurrentActor() actor: Actor): Promise<AlertPreferencesView> {
    return this.channels.get(actor);
  }

  @Roles(...ALL_HUMANS)
  @Put('alert-preferences')
  @ApiOperation({ summary: "Save the caller's alert preferences", description: 'The routes and digest window; `email`, `robots` and `updatedAt` sent back as read are ignored.' })
  @ApiOkResponse({ type: AlertPreferencesDto })
  update(@Body() dto: UpdateAlertPreferencesDto, @CurrentActor() actor: Actor): Promise<AlertPreferencesView> {
    return this.channels.update(dto, actor);
  }

  @Roles(...ALL_HUMANS)
  @Put('alert-channels/:channel')
  @ApiOperation({ summary: 'Set a chat robot or webhook', description: 'The URL must pass the outbound address rule (422 on `url`); it and the secret are stored encrypted and never shown again.' })
  @ApiParam({ name: 'channel', enum: ROBOT_CHANNELS })
  @ApiOkResponse({ type: RobotEndpointDto })
  saveRobot(@Param('channel') channel: string, @Body() dto: UpdateRobotEndpointDto, @CurrentActor() actor: Actor): Promise<RobotEndpointView> {
    return this.channels.saveRobot(channel, dto, actor);
  }

  @Roles(...ALL_HUMANS)
  @Delete('alert-channels/:channel')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a chat robot or webhook' })
  @ApiParam({ name: 'channel', enum: ROBOT_CHANNELS })
  @ApiNoContentResponse()
  async removeRobot(@Param('channel') channel: string, @CurrentActor() actor: Actor): Promise<void> {
    await this.channels.removeRobot(channel, actor);
  }

  @Roles(...ALL_HUMANS)
  @Post('alert-channels/:channel/test')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a test message to a channel', description: 'Delivered by the worker like an alert; follow it in `GET /api/me/alert-deliveries`.' })
  @ApiParam({ name: 'channel', enum: ALERT_CHANNELS })
  @ApiAcceptedResponse({ type: AlertDeliveryDto })
  @ApiProblem(422, '`VALIDATION.FAILED` on `channel`: e-mail is not configured here.')
  test(@Param('channel') channel: string, @CurrentActor() actor: Actor, @Req() req: Request): Promise<AlertDeliveryView> {
    return this.channels.test(channel, actor, correlationIdOf(req));
  }

  @Roles(...ALL_HUMANS)
  @Get('alert-deliveries')
  @ApiOperation({ summary: "List the caller's alert deliveries", description: 'Newest first: channel, status, attempts and the last error.' })
  @ApiList({ resource: 'alert-deliveries', type: AlertDeliveryDto, filters: DELIVERY_FILTERS, sorts: DELIVERY_SORTS, defaultSort: 'createdAt DESC', filterExample: { status: 'dead' } })
  async deliveries(@Query() query: Record<string, unknown>, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response): Promise<AlertDeliveryView[]> {
    const { rows, total, offset } = await this.channels.deliveriesOf(query, actor);
    res.setHeader('Content-Range', contentRange('alert-deliveries', offset, rows.length, total));
    return rows;
  }
}
