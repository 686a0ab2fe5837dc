import { Body, Controller, Get, Param, Put, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { RegulatoryClockView, RegulatoryPolicyView } from '@sentinel/contracts';
import { CurrentActor, READERS, Roles, SETTINGS_READERS } from '../auth/auth.decorators';
import type { Actor } from '../auth/actor';
import { contentRange } from '../common/list-query';
import { ApiList } from '../openapi/decorators';
import { UpdateRegulatoryPolicyDto } from './regulatory-policy.dto';
import { RegulatoryClockDto, RegulatoryPolicyDto } from './regulatory.view';
import { REGULATORY_FILTERS, REGULATORY_SORTS, RegulatoryService } from './regulatory.service';

@ApiTags('regulatory')
@Controller()
export class RegulatoryController {
  constructor(private readonly regulatory: RegulatoryService) {}

  @Roles(...READERS)
  @Get('regulatory-clocks')
  @ApiOperation({
    summary: 'List regulatory clocks',
    description: '`state` and `kind` one or a list; `dueBefore` an ISO 8601 time. Started, filed and cancelled through the case actions `start_regulatory_clock`, `record_regulatory_filing`, `cancel_regulatory_clock`.',
  })
  @ApiList({ resource: 'regulatory-clocks', type: RegulatoryClockDto, filters: REGULATORY_FILTERS, sorts: REGULATORY_SORTS, defaultSort: 'dueAt ASC', filterExample: { state: ['on_track', 'warning'] } })
  async list(@Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response): Promise<RegulatoryClockView[]> {
    const { rows, total, offset } = await this.regulatory.list(query);
    res.setHeader('Content-Range', contentRange('regulatory-clocks', offset, rows.length, total));
    return rows;
  }

  @Roles(...SETTINGS_READERS)
  @Get('regulatory-policies')
  @ApiOperation({ summary: 'List the regulatory policies', description: 'One per kind: target, calendar and warning percentage.' })
  @ApiOkResponse({ type: [RegulatoryPolicyDto] })
  async policies(@Res({ passthrough: true }) res: Response): Promise<RegulatoryPolicyView[]> {
    const rows = await this.regulatory.policies();
    res.setHeader('Content-Range', contentRange('regulatory-policies', 0, rows.length, rows.length));
    return rows;
  }

  @Roles(...SETTINGS_READERS)
  @Get('regulatory-policies/:kind')
  @ApiOperation({ summary: 'Show a regulatory policy' })
  @ApiOkResponse({ type: RegulatoryPolicyDto })
  policy(@Param('kind') kind: string): Promise<RegulatoryPolicyView> {
    return this.regulatory.policy(kind);
  }

  @Roles('admin')
  @Put('regulatory-policies/:kind')
  @ApiOperation({ summary: 'Change a regulatory policy', description: 'New clocks of the kind start on it; running clocks keep the policy they started with. Audited (`regulatory_policy.updated`).' })
  @ApiOkResponse({ type: RegulatoryPolicyDto })
  update(@Param('kind') kind: string, @Body() dto: UpdateRegulatoryPolicyDto, @CurrentActor() actor: Actor): Promise<RegulatoryPolicyView> {
    return this.regulatory.update(kind, dto, actor);
  }
}
