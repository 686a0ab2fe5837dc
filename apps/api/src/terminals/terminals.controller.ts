import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { RevealedValue, TerminalRecord } from '@sentinel/contracts';
import { CurrentActor, READERS, Roles } from '../auth/auth.decorators';
import type { Actor } from '../auth/actor';
import { contentRange } from '../common/list-query';
import { ApiList, ApiProblem } from '../openapi/decorators';
import { RevealDto, RevealedDto, TerminalDto, UpdateTerminalDto } from './terminal.dto';
import { TERMINAL_FILTERS, TERMINAL_SORTS, TerminalsService } from './terminals.service';

@ApiTags('terminals')
@Controller('terminals')
export class TerminalsController {
  constructor(private readonly terminals: TerminalsService) {}

  // Admins maintain terminal master data (PUT), so they may read it too (an extension of docs/api.md's table).
  @Get()
  @Roles(...READERS, 'admin')
  @ApiOperation({
    summary: 'List terminals',
    description: '`q`: a prefix of the SN, MID or TID, normalised like an SN (full-width or spaced input matches); `merchantId` exact, normalised. Personal fields masked.',
  })
  @ApiList({ resource: 'terminals', type: TerminalDto, filters: TERMINAL_FILTERS, sorts: TERMINAL_SORTS, defaultSort: 'sn ASC', filterExample: { q: 'PAX-A920' } })
  async list(@Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response, @CurrentActor() actor: Actor): Promise<TerminalRecord[]> {
    const { rows, total, offset } = await this.terminals.list(query, actor);
    res.setHeader('Content-Range', contentRange('terminals', offset, rows.length, total));
    return rows;
  }

  @Get(':id')
  @Roles(...READERS, 'admin')
  @ApiOperation({ summary: 'Show a terminal', description: 'Personal fields masked (`****1234`).' })
  @ApiOkResponse({ type: TerminalDto })
  get(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<TerminalRecord> {
    return this.terminals.get(id, actor);
  }

  @Put(':id')
  @Roles('supervisor', 'admin')
  @ApiOperation({
    summary: 'Update terminal master data (audited)',
    description:
      'Takes the record back: masked values (with `*`) mean unchanged, `null` clears, read-only fields are ignored. `tid` and `merchantId` are stored ' +
      'normalised like an SN; a full card number in `model`, `merchantName` or `registeredAddress` → 422 `PAN.DETECTED`. A write that changes nothing records nothing.',
  })
  @ApiOkResponse({ type: TerminalDto })
  @ApiProblem(403, '`AUTH.FORBIDDEN`: the role may not, or `sn` differs (it is fixed).')
  @ApiProblem(422, '`VALIDATION.FAILED` (`errors`, `fieldCodes`) or `PAN.DETECTED` (the fields in `params.fields`).')
  update(@Param('id') id: string, @Body() dto: UpdateTerminalDto, @CurrentActor() actor: Actor): Promise<TerminalRecord> {
    return this.terminals.update(id, dto, actor);
  }

  @Post(':id/reveal')
  @Roles('analyst', 'supervisor')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Show a personal field unmasked (recorded)',
    description: 'A supervisor, or the assignee of an open case on the terminal. Recorded in the system chain with the field and the reason, never the value.',
  })
  @ApiOkResponse({ type: RevealedDto })
  @ApiProblem(403, '`AUTH.FORBIDDEN` (role) or `CASE.NOT_OWNER` (an analyst without an open case of theirs on the terminal).')
  @ApiProblem(422, '`VALIDATION.FAILED`, or `PAN.DETECTED` when the reason holds a full card number.')
  reveal(@Param('id') id: string, @Body() dto: RevealDto, @CurrentActor() actor: Actor): Promise<RevealedValue> {
    return this.terminals.reveal(id, dto, actor);
  }
}
