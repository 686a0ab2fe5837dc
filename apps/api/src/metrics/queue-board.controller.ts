import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import type { Actor } from '../auth/actor';
import { QueueBoard } from './queue-board';

@ApiTags('operations')
@ApiBearerAuth()
@Controller('admin')
export class QueueBoardController {
  constructor(private readonly board: QueueBoard) {}

  @Roles('admin')
  @Post('queues-link')
  @HttpCode(200)
  @ApiOperation({
    summary: 'A one-time link to the Bull Board queue dashboard (/api/admin/queues)',
    description: 'Returns { url, expiresAt }: open url in the browser within 60 s; it is exchanged for a cookie scoped to the board (30 min).',
  })
  link(@CurrentActor() actor: Actor) {
    return this.board.createLink(actor.id);
  }
}
