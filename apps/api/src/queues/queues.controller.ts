import { Body, Controller, Delete, Get, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor, Roles, SETTINGS_READERS } from '../auth/auth.decorators';
import type { Actor } from '../auth/actor';
import { contentRange } from '../common/list-query';
import { CreateQueueDto, QueueDto, UpdateQueueDto } from './queue.dto';
import { QueuesService } from './queues.service';

@ApiTags('queues')
@ApiBearerAuth()
@Controller('queues')
export class QueuesController {
  constructor(private readonly queues: QueuesService) {}

  @Get()
  @Roles(...SETTINGS_READERS)
  @ApiOperation({ summary: 'List queues with counts', description: 'Filters: q (name prefix), teamId (null = queues of every team). Sorts: name, createdAt, id.' })
  @ApiOkResponse({ type: [QueueDto] })
  async list(@Query() query: Record<string, unknown>, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    const { rows, total, offset } = await this.queues.list(query, actor);
    res.setHeader('Content-Range', contentRange('queues', offset, rows.length, total));
    return rows;
  }

  @Get(':id')
  @Roles(...SETTINGS_READERS)
  @ApiOkResponse({ type: QueueDto })
  get(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return this.queues.get(id, actor);
  }

  @Post()
  @Roles('supervisor', 'admin')
  @ApiCreatedResponse({ type: QueueDto })
  create(@Body() dto: CreateQueueDto, @CurrentActor() actor: Actor) {
    return this.queues.create(dto, actor);
  }

  @Put(':id')
  @Roles('supervisor', 'admin')
  @ApiOkResponse({ type: QueueDto })
  update(@Param('id') id: string, @Body() dto: UpdateQueueDto, @CurrentActor() actor: Actor) {
    return this.queues.update(id, dto, actor);
  }

  @Delete(':id')
  @Roles('supervisor', 'admin')
  @ApiOkResponse({ type: QueueDto })
  remove(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return this.queues.remove(id, actor);
  }
}
