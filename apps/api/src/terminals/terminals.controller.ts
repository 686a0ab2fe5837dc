import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor, READERS, Roles } from '../auth/auth.decorators';
import type { Actor } from '../auth/actor';
import { contentRange } from '../common/list-query';
import { RevealDto, RevealedDto, TerminalDto, UpdateTerminalDto } from './terminal.dto';
import { TerminalsService } from './terminals.service';

@ApiTags('terminals')
@ApiBearerAuth()
@Controller('terminals')
export class TerminalsController {
  constructor(private readonly terminals: TerminalsService) {}

  // Admins maintain terminal master data (PUT), so they may read it too (an extension of docs/api.md's table).
  @Get()
  @Roles(...READERS, 'admin')
  @ApiOperation({ summary: 'List terminals', description: 'Filters: q (SN / MID / TID prefix, normalised), bankCode, merchantId. Sorts: sn, updatedAt, createdAt, id. Personal fields masked.' })
  @ApiOkResponse({ type: [TerminalDto] })
  async list(@Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response) {
    const { rows, total, offset } = await this.terminals.list(query);
    res.setHeader('Content-Range', contentRange('terminals', offset, rows.length, total));
    return rows;
  }

  @Get(':id')
  @Roles(...READERS, 'admin')
  @ApiOkResponse({ type: TerminalDto })
  get(@Param('id') id: string) {
    return this.terminals.get(id);
  }

  @Put(':id')
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: 'Update master data (audited)', description: 'Masked values sent back (with *) mean unchanged; sn is fixed (403).' })
  @ApiOkResponse({ type: TerminalDto })
  update(@Param('id') id: string, @Body() dto: UpdateTerminalDto, @CurrentActor() actor: Actor) {
    return this.terminals.update(id, dto, actor);
  }

  @Post(':id/reveal')
  @Roles('analyst', 'supervisor')
  @HttpCode(200)
  @ApiOperation({ summary: 'Show a personal field unmasked (recorded)', description: 'A supervisor, or the assignee of an open case on the terminal (403 CASE.NOT_OWNER).' })
  @ApiOkResponse({ type: RevealedDto })
  reveal(@Param('id') id: string, @Body() dto: RevealDto, @CurrentActor() actor: Actor) {
    return this.terminals.reveal(id, dto, actor);
  }
}
