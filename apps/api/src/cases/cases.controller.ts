import { All, Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeEndpoint, ApiBody, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CASE_ACTIONS, type CaseAction } from '@sentinel/contracts';
import { CASE_WORKERS, CurrentActor, Public, READERS, Roles } from '../auth/auth.decorators';
import type { Actor } from '../auth/actor';
import { contentRange, parseListQuery } from '../common/list-query';
import { correlationIdOf } from '../common/correlation-id';
import { methodNotAllowed, ProblemException } from '../common/problem.exception';
import { CasesQueryService } from './cases-query.service';
import { CaseActionsService } from './case-actions.service';
import { ClaimNextService } from './claim-next.service';
import { BulkService } from './bulk.service';
import { BulkDto, ClaimNextDto } from './bulk.dto';
import { CASE_FILTER_FIELDS, CASE_SORTS } from './case-filter.sql';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(
    private readonly query: CasesQueryService,
    private readonly actions: CaseActionsService,
    private readonly claims: ClaimNextService,
    private readonly bulkService: BulkService,
  ) {}

  @Roles(...READERS)
  @Get()
  @ApiOperation({ summary: 'List cases (ra-data-simple-rest: filter, sort, range; Content-Range)' })
  async list(@Query() q: Record<string, unknown>, @Res({ passthrough: true }) res: Response) {
    const lq = parseListQuery(q, { filters: CASE_FILTER_FIELDS, sorts: Object.keys(CASE_SORTS) as Array<keyof typeof CASE_SORTS> });
    const { rows, total } = await this.query.list(lq, this.actorOf(res));
    res.setHeader('Content-Range', contentRange('cases', lq.offset, rows.length, total));
    return rows;
  }

  @Roles(...CASE_WORKERS)
  @Post('claim-next')
  @ApiOperation({ summary: 'Claim the most urgent waiting case (200) or 204 when nothing waits' })
  async claimNext(@Body() dto: ClaimNextDto, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    const view = await this.claims.claimNext(actor, dto.queueId);
    if (!view) {
      res.status(204);
      return undefined;
    }
    res.status(200);
    return view;
  }

  @Roles('supervisor')
  @Post('bulk')
  @HttpCode(200)
  @ApiOperation({ summary: 'Bulk assign / close early: one transaction per id, per-id results' })
  bulk(@Body() dto: BulkDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.bulkService.run(dto.ids, dto.action, dto.payload, actor, correlationIdOf(req));
  }

  @Roles(...READERS)
  @Get(':id')
  show(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return this.query.show(id, actor);
  }

  @Roles(...READERS)
  @Get(':id/events')
  @ApiOperation({ summary: 'The audit events of the case, oldest first (hash-chained)' })
  events(@Param('id') id: string) {
    return this.query.events(id);
  }

  @Roles(...CASE_WORKERS)
  @Post(':id/actions/:action')
  @HttpCode(200)
  @ApiParam({ name: 'action', enum: CASE_ACTIONS })
  @ApiBody({ schema: { type: 'object', properties: { version: { type: 'integer' } }, additionalProperties: true } })
  @ApiOperation({ summary: 'Run a case action with { version, ...payload } (409 stale version, 422 rule, 403 role/four eyes)' })
  act(@Param('id') id: string, @Param('action') action: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: Request) {
    if (!(CASE_ACTIONS as readonly string[]).includes(action)) {
      throw new ProblemException('NOT_FOUND', `Unknown case action ${action}`, { action, actions: CASE_ACTIONS });
    }
    return this.actions.act(id, action as CaseAction, body, actor, { correlationId: correlationIdOf(req) });
  }

  /** Cases change only through reports and actions. */
  @Public()
  @ApiExcludeEndpoint()
  @Post()
  createNotAllowed() {
    throw methodNotAllowed('GET', 'Cases are opened by reports (POST /api/reports), not created directly');
  }

  /** PUT / PATCH / DELETE on the collection (GET and POST are matched above). */
  @Public()
  @All()
  collectionNotAllowed(@Req() req: Request) {
    throw methodNotAllowed('GET', `${req.method} is not allowed on /api/cases: cases are opened by reports and change only through actions`);
  }

  @Public()
  @ApiExcludeEndpoint()
  @All(':id')
  changeNotAllowed(@Req() req: Request) {
    throw methodNotAllowed('GET', `${req.method} is not allowed on a case: cases change only through POST /api/cases/:id/actions/:action`);
  }

  private actorOf(res: Response): Actor {
    return (res.req as Request & { actor: Actor }).actor;
  }
}
