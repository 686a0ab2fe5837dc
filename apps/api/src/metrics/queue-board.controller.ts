import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiSchema, ApiTags } from '@nestjs/swagger';
import type { QueueBoardLink } from '@sentinel/contracts';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import type { Actor } from '../auth/actor';
import { QueueBoard } from './queue-board';

@ApiSchema({ name: 'QueueBoardLink' })
class QueueBoardLinkDto implements QueueBoardLink {
  @ApiProperty({ example: '/api/admin/queues', description: 'the board, to open in the browser (no token in it: the cookie carries the session)' }) url: string;
  @ApiProperty({ format: 'date-time', description: 'the cookie lasts until then (renewed on use), and never beyond the session' }) expiresAt: string;
}

@ApiTags('operations')
@Controller('admin')
export class QueueBoardController {
  constructor(private readonly board: QueueBoard) {}

  @Roles('admin')
  @Post('queues-session')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Open the queue dashboard for this session',
    description:
      'Bull Board at /api/admin/queues: sets the cookie `sn_board` (HttpOnly, SameSite=Strict, path /api/admin/queues) bound to the caller\'s session, then open `url`. ' +
      'The cookie stops working when the session is logged out, revoked or expires, or the user is no longer an active admin. No token ever travels in a URL.',
  })
  @ApiOkResponse({ type: QueueBoardLinkDto, headers: { 'Set-Cookie': { description: '`sn_board=…; Path=/api/admin/queues; HttpOnly; SameSite=Strict`', schema: { type: 'string' } } } })
  open(@CurrentActor() actor: Actor, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<QueueBoardLink> {
    return this.board.openForSession(actor, req, res);
  }
}
