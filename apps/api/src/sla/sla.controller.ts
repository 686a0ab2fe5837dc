import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { SLA_SUMMARY_BUCKETS, type SlaBreachRow, type SlaSummary } from '@sentinel/contracts';
import { READERS, Roles } from '../auth/auth.decorators';
import { contentRange } from '../common/list-query';
import { ApiList } from '../openapi/decorators';
import { BREACH_FILTERS, BREACH_SORTS, SlaReportsService, SUMMARY_DEFAULT_DAYS, SUMMARY_MAX_DAYS } from './sla-reports.service';
import { SlaBreachDto, SlaSummaryDto } from './sla.view';

@ApiTags('sla')
@Controller('sla')
export class SlaController {
  constructor(private readonly reports: SlaReportsService) {}

  @Roles(...READERS)
  @Get('breaches')
  @ApiOperation({
    summary: 'List clocks that breached',
    description: '`teamId` null = cases without a team; `open`: the case is still open; `from` / `to` on `breachedAt` (`to` exclusive). `createdAt` sorts by the clock\'s start.',
  })
  @ApiList({ resource: 'breaches', type: SlaBreachDto, filters: BREACH_FILTERS, sorts: [...BREACH_SORTS], defaultSort: 'breachedAt DESC', filterExample: { open: true, stage: 'freeze' } })
  async breaches(@Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response): Promise<SlaBreachRow[]> {
    const { rows, total, offset } = await this.reports.breaches(query);
    res.setHeader('Content-Range', contentRange('breaches', offset, rows.length, total));
    return rows;
  }

  @Roles(...READERS)
  @Get('summary')
  @ApiQuery({ name: 'from', required: false, schema: { type: 'string', format: 'date-time' }, description: `ISO 8601; default \`to\` − ${SUMMARY_DEFAULT_DAYS} days` })
  @ApiQuery({ name: 'to', required: false, schema: { type: 'string', format: 'date-time' }, description: 'ISO 8601, exclusive; default now' })
  @ApiQuery({ name: 'teamId', required: false, schema: { type: 'string', format: 'uuid' }, description: 'only cases of this team' })
  @ApiQuery({ name: 'bucket', required: false, enum: SLA_SUMMARY_BUCKETS, description: 'series buckets (default day)' })
  @ApiOperation({
    summary: 'Summarise SLA clocks per stage, with a time series',
    description:
      '`open` / `warning` / `breached`: clocks running now; `met`, `breachedInRange`, `metOnTime`, median and p90: over [from, to). ' +
      `breachRate = breachedInRange / (metOnTime + breachedInRange). Each parameter at most once; ranges over ${SUMMARY_MAX_DAYS} days or \`from\` ≥ \`to\` → 400.`,
  })
  @ApiOkResponse({ type: SlaSummaryDto })
  summary(@Query() query: Record<string, unknown>): Promise<SlaSummary> {
    return this.reports.summary(query);
  }
}
