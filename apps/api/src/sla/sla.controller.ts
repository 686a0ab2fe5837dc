import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { READERS, Roles } from '../auth/auth.decorators';
import { contentRange } from '../common/list-query';
import { SlaReportsService } from './sla-reports.service';

@ApiTags('sla')
@ApiBearerAuth()
@Controller('sla')
export class SlaController {
  constructor(private readonly reports: SlaReportsService) {}

  @Roles(...READERS)
  @Get('breaches')
  @ApiOperation({
    summary: 'Clocks that breached (ra-data-simple-rest list)',
    description: 'Filters: stage, teamId (null = no team), open (case still open), from, to (breachedAt). Sorts: breachedAt, dueAt, createdAt (= clock start), id.',
  })
  async breaches(@Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response) {
    const { rows, total, offset } = await this.reports.breaches(query);
    res.setHeader('Content-Range', contentRange('breaches', offset, rows.length, total));
    return rows;
  }

  @Roles(...READERS)
  @Get('summary')
  @ApiQuery({ name: 'from', required: false, description: 'ISO 8601; default to − 30 days' })
  @ApiQuery({ name: 'to', required: false, description: 'ISO 8601; default now' })
  @ApiQuery({ name: 'teamId', required: false })
  @ApiQuery({ name: 'bucket', required: false, enum: ['day', 'week'] })
  @ApiOperation({
    summary: 'SLA summary per stage and a time series',
    description:
      'open/warning/breached: clocks running now; met, breachedInRange, metOnTime, median/p90: over [from, to); ' +
      'breachRate = breachedInRange / (metOnTime + breachedInRange). Buckets are local days / ISO weeks in DEFAULT_TIME_ZONE.',
  })
  summary(@Query() query: Record<string, unknown>) {
    return this.reports.summary(query);
  }
}
