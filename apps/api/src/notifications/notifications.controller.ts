import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentActor, READERS, Roles } from '../auth/auth.decorators';
import type { Actor } from '../auth/actor';
import { contentRange } from '../common/list-query';
import { correlationIdOf } from '../common/correlation-id';
import { NotificationViewDto } from './notification.view';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Roles(...READERS)
  @Get()
  @ApiOperation({ summary: 'List bank notifications with their attempts', description: 'Filters: status, bankCode, caseId. Sorts: createdAt, updatedAt, status, id.' })
  @ApiOkResponse({ type: [NotificationViewDto] })
  async list(@Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response) {
    const { rows, total, offset } = await this.notifications.list(query);
    res.setHeader('Content-Range', contentRange('notifications', offset, rows.length, total));
    return rows;
  }

  @Roles(...READERS)
  @Get(':id')
  @ApiOkResponse({ type: NotificationViewDto })
  get(@Param('id') id: string) {
    return this.notifications.get(id);
  }

  @Roles('supervisor')
  @Post(':id/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Retry a dead notification with a fresh schedule (422 CASE.ACTION_NOT_ALLOWED unless dead)' })
  @ApiOkResponse({ type: NotificationViewDto })
  retry(@Param('id') id: string, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.notifications.retry(id, actor, correlationIdOf(req));
  }
}
