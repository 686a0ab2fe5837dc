import { Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AlertView, ReadAllResult, UnreadCount } from '@sentinel/contracts';
import { ALL_HUMANS, CurrentActor, Roles } from '../auth/auth.decorators';
import type { Actor } from '../auth/actor';
import { contentRange } from '../common/list-query';
import { ApiList } from '../openapi/decorators';
import { AlertDto, ReadAllResultDto, UnreadCountDto } from './alert.view';
import { ALERT_FILTERS, ALERT_SORTS, AlertsService } from './alerts.service';

/** The caller's own alerts only; routes without :id come first so they are not read as ids. */
@ApiTags('alerts')
@Controller('alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Roles(...ALL_HUMANS)
  @Get()
  @ApiOperation({ summary: "List the caller's alerts", description: 'Another user\'s alerts are simply absent (also from `filter={"id":[…]}`).' })
  @ApiList({ resource: 'alerts', type: AlertDto, filters: ALERT_FILTERS, sorts: ALERT_SORTS, defaultSort: 'createdAt DESC', filterExample: { unread: true } })
  async list(@Query() query: Record<string, unknown>, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response): Promise<AlertView[]> {
    const { rows, total, offset } = await this.alerts.list(query, actor);
    res.setHeader('Content-Range', contentRange('alerts', offset, rows.length, total));
    return rows;
  }

  @Roles(...ALL_HUMANS)
  @Get('unread-count')
  @ApiOperation({ summary: "Count the caller's unread alerts" })
  @ApiOkResponse({ type: UnreadCountDto })
  unreadCount(@CurrentActor() actor: Actor): Promise<UnreadCount> {
    return this.alerts.unreadCount(actor);
  }

  @Roles(...ALL_HUMANS)
  @Post('read-all')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark every unread alert of the caller read' })
  @ApiOkResponse({ type: ReadAllResultDto })
  readAll(@CurrentActor() actor: Actor): Promise<ReadAllResult> {
    return this.alerts.markAllRead(actor);
  }

  @Roles(...ALL_HUMANS)
  @Get(':id')
  @ApiOperation({ summary: 'Show one of the caller\'s alerts', description: 'Another user\'s alert is 404.' })
  @ApiOkResponse({ type: AlertDto })
  get(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<AlertView> {
    return this.alerts.get(id, actor);
  }

  @Roles(...ALL_HUMANS)
  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark one alert read', description: 'Idempotent: the first `readAt` stays. Another user\'s alert is 404.' })
  @ApiOkResponse({ type: AlertDto })
  read(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<AlertView> {
    return this.alerts.markRead(id, actor);
  }
}
