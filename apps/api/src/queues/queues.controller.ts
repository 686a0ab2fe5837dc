import { Body, Controller, Delete, Get, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { QueueView } from '@sentinel/contracts';
import { CurrentActor, Roles, SETTINGS_READERS } from '../auth/auth.decorators';
import type { Actor } from '../auth/actor';
import { contentRange } from '../common/list-query';
import { ApiList } from '../openapi/decorators';
import { CreateQueueDto, QueueDto, UpdateQueueDto } from './queue.dto';
import { QUEUE_FILTERS, QUEUE_SORTS, QueuesService } from './queues.service';

const COUNTS = 'Counts are over open cases its filter (and team) select; `assigneeId: "me"` in the filter means whoever looks.';

@ApiTags('queues')
@Controller('queues')
export class QueuesController {
  constructor(private readonly queues: QueuesService) {}

  @Get()
  @Roles(...SETTINGS_READERS)
  @ApiOperation({ summary: 'List work queues with their counts', description: `\`q\`: a name prefix; \`teamId\` null = queues of every team. ${COUNTS}` })
  @ApiList({ resource: 'queues', type: QueueDto, filters: QUEUE_FILTERS, sorts: QUEUE_SORTS, defaultSort: 'name ASC' })
  async list(@Query() query: Record<string, unknown>, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response): Promise<QueueView[]> {
    const { rows, total, offset } = await this.queues.list(query, actor);
    res.setHeader('Content-Range', contentRange('queues', offset, rows.length, total));
    return rows;
  }

  @Get(':id')
  @Roles(...SETTINGS_READERS)
  @ApiOperation({ summary: 'Show a work queue with its counts', description: COUNTS })
  @ApiOkResponse({ type: QueueDto })
  get(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<QueueView> {
    return this.queues.get(id, actor);
  }

  @Post()
  @Roles('supervisor', 'admin')
  @ApiOperation({
    summary: 'Create a work queue',
    description: 'Filter keys other than the case filters → 400 `REQUEST.UNKNOWN_FIELD` (`params.fields: ["filter.colour"]`); a bad value → 422 on `filter.<key>`.',
  })
  @ApiCreatedResponse({ type: QueueDto })
  create(@Body() dto: CreateQueueDto, @CurrentActor() actor: Actor): Promise<QueueView> {
    return this.queues.create(dto, actor);
  }

  @Put(':id')
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: 'Update a work queue', description: 'Takes the record back (`id`, `counts`, timestamps ignored; left-out fields unchanged).' })
  @ApiOkResponse({ type: QueueDto })
  update(@Param('id') id: string, @Body() dto: UpdateQueueDto, @CurrentActor() actor: Actor): Promise<QueueView> {
    return this.queues.update(id, dto, actor);
  }

  @Delete(':id')
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: 'Delete a work queue', description: 'Answers with the deleted queue (`counts: null`).' })
  @ApiOkResponse({ type: QueueDto })
  remove(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<QueueView> {
    return this.queues.remove(id, actor);
  }
}
