import { Body, Controller, Get, Headers, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentActor, READERS, Roles } from '../auth/auth.decorators';
import type { Actor } from '../auth/actor';
import { contentRange, parseListQuery } from '../common/list-query';
import { correlationIdOf } from '../common/correlation-id';
import { CreateReportDto } from './create-report.dto';
import { ReportsService } from './reports.service';
import { ReportsQueryService, REPORT_FILTERS, REPORT_SORTS } from './reports-query.service';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly query: ReportsQueryService,
  ) {}

  @Roles('analyst', 'supervisor', 'intake')
  @Post()
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'same key + same body replays the first response' })
  @ApiOperation({ summary: 'Submit a report of SN misuse: opens a case, or links to the open case of the same SN' })
  async create(
    @Body() dto: CreateReportDto,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.reports.submit(dto, req.body, actor, key, correlationIdOf(req));
    res.status(result.status);
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.setHeader('Location', `/api/reports/${result.body.id}`);
    return result.body;
  }

  @Roles(...READERS)
  @Get()
  async list(@Query() q: Record<string, unknown>, @Res({ passthrough: true }) res: Response) {
    const lq = parseListQuery(q, { filters: REPORT_FILTERS, sorts: REPORT_SORTS, defaultSort: { field: 'receivedAt', order: 'DESC' } });
    const { rows, total } = await this.query.list(lq);
    res.setHeader('Content-Range', contentRange('reports', lq.offset, rows.length, total));
    return rows;
  }

  @Roles(...READERS)
  @Get(':id')
  show(@Param('id') id: string) {
    return this.query.show(id);
  }
}

