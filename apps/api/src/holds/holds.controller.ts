import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { HoldView } from '@sentinel/contracts';
import { READERS, Roles } from '../auth/auth.decorators';
import { contentRange } from '../common/list-query';
import { ApiList } from '../openapi/decorators';
import { HoldDto } from './hold.view';
import { HOLD_FILTERS, HOLD_SORTS, HoldsService } from './holds.service';

@ApiTags('holds')
@Controller('holds')
export class HoldsController {
  constructor(private readonly holds: HoldsService) {}

  @Roles(...READERS)
  @Get()
  @ApiOperation({
    summary: 'List holds and police orders',
    description: '`status` and `kind` one or a list; `expiresBefore` an ISO 8601 time (holds without an expiry never match). Placed, renewed and released through the case actions `place_hold`, `renew_hold`, `release_hold`.',
  })
  @ApiList({ resource: 'holds', type: HoldDto, filters: HOLD_FILTERS, sorts: HOLD_SORTS, defaultSort: 'expiresAt ASC', filterExample: { status: 'active' } })
  async list(@Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response): Promise<HoldView[]> {
    const { rows, total, offset } = await this.holds.list(query);
    res.setHeader('Content-Range', contentRange('holds', offset, rows.length, total));
    return rows;
  }
}
