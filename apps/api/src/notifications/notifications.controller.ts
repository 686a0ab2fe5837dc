import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentActor, READERS, Roles } from '../auth/auth.decorators';
import type { Actor } from '../auth/actor';
import { contentRange } from '../common/list-query';
import { correlationIdOf } from '../common/correlation-id';
import { ApiList, ApiProblem } from '../openapi/decorators';
import { NotificationViewDto, type NotificationView } from './notification.view';
import { NOTIFICATION_FILTERS, NOTIFICATION_SORTS, NotificationsService } from './notifications.service';

@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Roles(...READERS)
  @Get()
  @ApiOperation({ summary: 'List bank notifications with their attempts', description: '`status` one or a list; `bankCode` case-insensitive.' })
  @ApiList({ resource: 'notifications', type: NotificationViewDto, filters: NOTIFICATION_FILTERS, sorts: NOTIFICATION_SORTS, defaultSort: 'createdAt DESC', filterExample: { status: 'dead' } })
  async list(@Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response): Promise<NotificationView[]> {
    const { rows, total, offset } = await this.notifications.list(query);
    res.setHeader('Content-Range', contentRange('notifications', offset, rows.length, total));
    return rows;
  }

  @Roles(...READERS)
  @Get(':id')
  @ApiOperation({ summary: 'Show a bank notification with its attempts' })
  @ApiOkResponse({ type: NotificationViewDto })
  get(@Param('id') id: string): Promise<NotificationView> {
    return this.notifications.get(id);
  }

  @Roles('supervisor')
  @Post(':id/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Retry a dead notification', description: 'A new generation with a fresh delivery schedule (its attempts are kept); recorded as a case event.' })
  @ApiOkResponse({ type: NotificationViewDto })
  @ApiProblem(422, '`CASE.ACTION_NOT_ALLOWED`: only a `dead` notification can be retried (`params.status`).')
  retry(@Param('id') id: string, @CurrentActor() actor: Actor, @Req() req: Request): Promise<NotificationView> {
    return this.notifications.retry(id, actor, correlationIdOf(req));
  }
}
