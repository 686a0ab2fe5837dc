import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { WatchlistEntryView } from '@sentinel/contracts';
import { CurrentActor, READERS, Roles } from '../auth/auth.decorators';
import type { Actor } from '../auth/actor';
import { contentRange } from '../common/list-query';
import { ApiList, ApiProblem } from '../openapi/decorators';
import { AddWatchlistEntryDto, RemoveWatchlistEntryDto, WatchlistEntryDto } from './watchlist.view';
import { WATCHLIST_FILTERS, WATCHLIST_SORTS, WatchlistService } from './watchlist.service';

@ApiTags('watchlist')
@Controller('watchlist')
export class WatchlistController {
  constructor(private readonly watchlist: WatchlistService) {}

  @Roles(...READERS)
  @Get()
  @ApiOperation({ summary: 'List the watchlist', description: '`kind` one or a list, `value` an SN or MID (normalised), `active` true or false.' })
  @ApiList({ resource: 'watchlist', type: WatchlistEntryDto, filters: WATCHLIST_FILTERS, sorts: WATCHLIST_SORTS, defaultSort: 'addedAt DESC', filterExample: { active: true } })
  async list(@Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response): Promise<WatchlistEntryView[]> {
    const { rows, total, offset } = await this.watchlist.list(query);
    res.setHeader('Content-Range', contentRange('watchlist', offset, rows.length, total));
    return rows;
  }

  @Roles('supervisor')
  @Post()
  @ApiOperation({ summary: 'Watch an SN or a MID', description: 'Audited (`watchlist.added`).' })
  @ApiOkResponse({ type: WatchlistEntryDto })
  add(@Body() dto: AddWatchlistEntryDto, @CurrentActor() actor: Actor): Promise<WatchlistEntryView> {
    return this.watchlist.add(dto, actor);
  }

  @Roles('supervisor')
  @Post(':id/remove')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop watching an entry', description: 'Audited (`watchlist.removed`); a removed entry matches no report.' })
  @ApiOkResponse({ type: WatchlistEntryDto })
  @ApiProblem(409, '`CONFLICT`: the entry was already removed.')
  remove(@Param('id') id: string, @Body() dto: RemoveWatchlistEntryDto, @CurrentActor() actor: Actor): Promise<WatchlistEntryView> {
    return this.watchlist.remove(id, dto.reason, actor);
  }
}
