import { All, Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiExcludeEndpoint, ApiExtraModels, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CASE_ACTIONS, type BulkResult, type CaseAction, type CaseEventView, type CaseListRow, type CaseView } from '@sentinel/contracts';
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
import { ACTION_DTOS } from './case-action.dto';
import { BulkResultDto, CaseDto, CaseEventDto, CaseListRowDto } from './case.view';
import { ApiList, ApiProblem } from '../openapi/decorators';

const ACTION_PAYLOADS = [...new Set(Object.values(ACTION_DTOS))];

@ApiTags('cases')
@ApiExtraModels(...ACTION_PAYLOADS)
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
  @ApiOperation({
    summary: 'List cases',
    description:
      '`q`: a prefix of the reference, SN, MID or TID (normalised like an SN); `assigneeId`: ids, `"me"` or `null` (unassigned); `slaState` of the current clock; ' +
      '`createdFrom` / `createdTo` (to exclusive). Every filter takes a value or a list.',
  })
  @ApiList({ resource: 'cases', type: CaseListRowDto, filters: CASE_FILTER_FIELDS, sorts: Object.keys(CASE_SORTS), defaultSort: 'createdAt DESC', filterExample: { stage: ['freeze', 'police_report'], assigneeId: 'me' } })
  async list(@Query() q: Record<string, unknown>, @Res({ passthrough: true }) res: Response): Promise<CaseListRow[]> {
    const lq = parseListQuery(q, { filters: CASE_FILTER_FIELDS, sorts: Object.keys(CASE_SORTS) as Array<keyof typeof CASE_SORTS> });
    const { rows, total, estimated } = await this.query.list(lq, this.actorOf(res));
    res.setHeader('Content-Range', contentRange('cases', lq.offset, rows.length, total));
    // Past CASE_LIST_EXACT_TOTAL_UP_TO matches the total is the planner's estimate (react-admin pages on it as on any total).
    if (estimated) res.setHeader('X-Total-Estimated', 'true');
    return rows;
  }

  @Roles(...CASE_WORKERS)
  @Post('claim-next')
  @ApiOperation({
    summary: 'Claim the most urgent waiting case',
    description:
      'Without `queueId`: the open unassigned cases of the caller\'s team (every team for a user without one); never a case in review. ' +
      'Breached first, then priority, then earliest due, then creation time. Two callers never get the same case.',
  })
  @ApiOkResponse({ type: CaseDto, description: 'The claimed case.' })
  @ApiNoContentResponse({ description: 'Nothing is waiting.' })
  async claimNext(@Body() dto: ClaimNextDto, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response): Promise<CaseView | undefined> {
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
  @ApiOperation({
    summary: 'Assign or close many cases',
    description: 'At most 500 ids; no version check; one transaction per id, so a refused id never holds the others back. `payload` is that of the action.',
  })
  @ApiOkResponse({ type: [BulkResultDto] })
  bulk(@Body() dto: BulkDto, @CurrentActor() actor: Actor, @Req() req: Request): Promise<BulkResult[]> {
    return this.bulkService.run(dto.ids, dto.action, dto.payload, actor, correlationIdOf(req));
  }

  @Roles(...READERS)
  @Get(':id')
  @ApiOperation({ summary: 'Show a case', description: '`allowedActions` and `exitRule` are for the caller and the current stage.' })
  @ApiOkResponse({ type: CaseDto })
  show(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<CaseView> {
    return this.query.show(id, actor);
  }

  @Roles(...READERS)
  @Get(':id/events')
  @ApiOperation({ summary: 'List the audit events of a case', description: 'Oldest first; the chain re-verifies from these fields (`actorName` is not hashed).' })
  @ApiOkResponse({ type: [CaseEventDto] })
  events(@Param('id') id: string): Promise<CaseEventView[]> {
    return this.query.events(id);
  }

  @Roles(...CASE_WORKERS)
  @Post(':id/actions/:action')
  @HttpCode(200)
  @ApiParam({ name: 'action', enum: CASE_ACTIONS })
  @ApiBody({
    description: 'The case `version` you read and the payload of the action (docs/api.md "Case actions"): one of these schemas, chosen by `action`.',
    schema: { oneOf: ACTION_PAYLOADS.map((c) => ({ $ref: getSchemaPath(c) })) },
  })
  @ApiOperation({
    summary: 'Run a case action',
    description:
      'Checks in order: the case exists (404), `version` is current (409), the role may do the action (403), the stage and state allow it (422), ' +
      'ownership (403), four eyes (403), then the payload and exit rules (422). Answers with the updated case.',
  })
  @ApiOkResponse({ type: CaseDto })
  @ApiProblem(403, '`AUTH.FORBIDDEN` (role), `CASE.NOT_OWNER` (another analyst\'s case) or `CASE.FOUR_EYES` (the person worked the case).')
  @ApiProblem(404, '`NOT_FOUND`: no such case or action.')
  @ApiProblem(409, '`CASE.VERSION_CONFLICT` (someone else changed the case: read it again) or `CASE.ALREADY_ASSIGNED` (claim).')
  @ApiProblem(
    422,
    '`VALIDATION.FAILED` (`errors`, `fieldCodes`), `CASE.ACTION_NOT_ALLOWED`, `CASE.EXIT_RULE_UNMET` (`params.missing`), `CASE.STAGE_NOT_WAIVABLE`, ' +
      '`CASE.SN_HAS_OPEN_CASE`, `PAN.DETECTED`, `BANK.INACTIVE`.',
  )
  act(@Param('id') id: string, @Param('action') action: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: Request): Promise<CaseView> {
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
  @ApiExcludeEndpoint()
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
