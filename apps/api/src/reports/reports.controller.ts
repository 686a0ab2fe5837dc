import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { BatchReportsResponse, CreateReportResponse, ReportView } from '@sentinel/contracts';
import type { Request, Response } from 'express';
import { CurrentActor, READERS, Roles } from '../auth/auth.decorators';
import type { Actor } from '../auth/actor';
import { contentRange, parseListQuery } from '../common/list-query';
import { correlationIdOf } from '../common/correlation-id';
import { CreateReportDto } from './create-report.dto';
import { ReportsService } from './reports.service';
import { ReportBatchService } from './report-batch.service';
import { BatchReportsDto, BatchReportsResponseDto } from './report-batch.view';
import { ReportsQueryService, REPORT_FILTERS, REPORT_SORTS } from './reports-query.service';
import { ReportCreatedDto, ReportDto } from './report.view';
import { ApiList, ApiProblem } from '../openapi/decorators';

@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly query: ReportsQueryService,
    private readonly batch: ReportBatchService,
  ) {}

  @Roles('analyst', 'supervisor', 'intake')
  @Post()
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    schema: { type: 'string', minLength: 1, maxLength: 200, example: 'bank-alert-2026-11-25-000042' },
    description: "Scoped to the caller: the same key and body replays the first response (`Idempotent-Replayed: true`); the same key with another body → 422 `IDEMPOTENCY.KEY_REUSED`.",
  })
  @ApiOperation({
    summary: 'Report SN misuse',
    description:
      'Opens a case, or links to the open case of the same SN (`linkedToExisting`). The SN is normalised (NFKC, no whitespace, upper case) before it is checked. ' +
      'A full card number anywhere but in identifiers → 422 `PAN.DETECTED`; people may report only on `merchant_call` and `cardholder`.',
  })
  @ApiCreatedResponse({
    type: ReportCreatedDto,
    headers: {
      Location: { description: 'the report', schema: { type: 'string', example: '/api/reports/6f1c2a4e-8d3b-4f7a-9c21-0b5e3d7a9f10' } },
      'Idempotent-Replayed': { description: '`true` when this is the replay of an earlier request with the same key', schema: { type: 'string', enum: ['true'] } },
    },
  })
  @ApiProblem(403, '`AUTH.FORBIDDEN`: the role may not report, or an API key is used outside its bank codes or channels.')
  @ApiProblem(422, '`VALIDATION.FAILED` (`errors`, `fieldCodes`), `PAN.DETECTED` (`params.fields`) or `IDEMPOTENCY.KEY_REUSED`.')
  async create(
    @Body() dto: CreateReportDto,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CreateReportResponse> {
    const result = await this.reports.submit(dto, req.body, actor, key, correlationIdOf(req));
    res.status(result.status);
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.setHeader('Location', `/api/reports/${result.body.id}`);
    return result.body;
  }

  @Roles('analyst', 'supervisor', 'intake')
  @Post('batch')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Report many SNs at once (1–1,000)',
    description:
      'Each item is judged exactly as if posted alone to `POST /api/reports` (validation, PAN, idempotency by its `idempotencyKey`, dedupe, automatic freeze), ' +
      'applied in order and committed in chunks; a bad item never fails or half-writes the others. `results[i].status` is the status the item would have had alone.',
  })
  @ApiBody({ type: BatchReportsDto })
  @ApiOkResponse({ type: BatchReportsResponseDto })
  @ApiProblem(413, '`REQUEST.TOO_LARGE`: more than 1,000 items (or a body above `JSON_BODY_LIMIT`).')
  @ApiProblem(422, '`VALIDATION.FAILED`: `reports` missing, empty or not an array.')
  async createBatch(@Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: Request): Promise<BatchReportsResponse> {
    return { results: await this.batch.submit(body, actor, correlationIdOf(req)) };
  }

  @Roles(...READERS)
  @Get()
  @ApiOperation({ summary: 'List reports', description: '`receivedFrom` / `receivedTo` (to exclusive) on `receivedAt`.' })
  @ApiList({ resource: 'reports', type: ReportDto, filters: REPORT_FILTERS, sorts: REPORT_SORTS, defaultSort: 'receivedAt DESC' })
  async list(@Query() q: Record<string, unknown>, @Res({ passthrough: true }) res: Response): Promise<ReportView[]> {
    const lq = parseListQuery(q, { filters: REPORT_FILTERS, sorts: REPORT_SORTS, defaultSort: { field: 'receivedAt', order: 'DESC' } });
    const { rows, total } = await this.query.list(lq);
    res.setHeader('Content-Range', contentRange('reports', lq.offset, rows.length, total));
    return rows;
  }

  @Roles(...READERS)
  @Get(':id')
  @ApiOperation({ summary: 'Show a report' })
  @ApiOkResponse({ type: ReportDto })
  show(@Param('id') id: string): Promise<ReportView> {
    return this.query.show(id);
  }
}

