import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiSchema, ApiTags } from '@nestjs/swagger';
import type { QueueBoardLink } from '@sentinel/contracts';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import type { Actor } from '../auth/actor';
import { QueueBoard } from './queue-board';

@ApiSchema({ name: 'QueueBoardLink' })
class QueueBoardLinkDto implements QueueBoardLink {
  @ApiProperty({ format: 'uri', description: 'open within 60 s; it is exchanged for a cookie scoped to the board' }) url: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

@ApiTags('operations')
@Controller('admin')
export class QueueBoardController {
  constructor(private readonly board: QueueBoard) {}

  @Roles('admin')
  @Post('queues-link')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Get a one-time link to the queue dashboard',
    description: 'Bull Board at /api/admin/queues: open `url` in the browser within 60 s; it is exchanged for a cookie scoped to the board (30 min).',
  })
  @ApiOkResponse({ type: QueueBoardLinkDto })
  link(@CurrentActor() actor: Actor): Promise<QueueBoardLink> {
    return this.board.createLink(actor.id);
  }
}
