import { Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ALL_HUMANS, CurrentActor, Roles } from '../auth/auth.decorators';
import type { Actor } from '../auth/actor';
import { contentRange } from '../common/list-query';
import { AlertsService } from './alerts.service';

/** The caller's own alerts only; routes without :id come first so they are not read as ids. */
@ApiTags('alerts')
@ApiBearerAuth()
@Controller('alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Roles(...ALL_HUMANS)
  @Get()
  @ApiOperation({ summary: "The caller's alerts", description: 'Filters: type, unread (boolean), caseId. Sorts: createdAt, id.' })
  async list(@Query() query: Record<string, unknown>, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    const { rows, total, offset } = await this.alerts.list(query, actor);
    res.setHeader('Content-Range', contentRange('alerts', offset, rows.length, total));
    return rows;
  }

  @Roles(...ALL_HUMANS)
  @Get('unread-count')
  @ApiOperation({ summary: '{ count } of unread alerts' })
  unreadCount(@CurrentActor() actor: Actor) {
    return this.alerts.unreadCount(actor);
  }

  @Roles(...ALL_HUMANS)
  @Post('read-all')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark every unread alert of the caller read → { updated }' })
  readAll(@CurrentActor() actor: Actor) {
    return this.alerts.markAllRead(actor);
  }

  @Roles(...ALL_HUMANS)
  @Get(':id')
  get(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return this.alerts.get(id, actor);
  }

  @Roles(...ALL_HUMANS)
  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark one alert read (idempotent; 404 for an alert that is not yours)' })
  read(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return this.alerts.markRead(id, actor);
  }
}
