import { Body, Controller, Get, Param, Put, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { STAGES, type SlaPolicyView } from '@sentinel/contracts';
import { CurrentActor, Roles, SETTINGS_READERS } from '../auth/auth.decorators';
import type { Actor } from '../auth/actor';
import { contentRange } from '../common/list-query';
import { correlationIdOf } from '../common/correlation-id';
import { ApiList } from '../openapi/decorators';
import { SlaPolicyDto, UpdateSlaPolicyDto } from './sla-policy.dto';
import { POLICY_SORTS, SlaPoliciesService } from './sla-policies.service';

@ApiTags('sla')
@Controller('sla-policies')
export class SlaPoliciesController {
  constructor(private readonly policies: SlaPoliciesService) {}

  @Roles(...SETTINGS_READERS)
  @Get()
  @ApiOperation({ summary: 'List the SLA policy of each stage', description: 'One per stage; `stage` sorts in lifecycle order.' })
  @ApiList({ resource: 'sla-policies', type: SlaPolicyDto, filters: [], sorts: POLICY_SORTS, defaultSort: 'stage ASC' })
  async list(@Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response): Promise<SlaPolicyView[]> {
    const { rows, total, offset } = await this.policies.list(query);
    res.setHeader('Content-Range', contentRange('sla-policies', offset, rows.length, total));
    return rows;
  }

  @Roles(...SETTINGS_READERS)
  @Get(':stage')
  @ApiParam({ name: 'stage', enum: STAGES })
  @ApiOperation({ summary: 'Show the SLA policy of a stage' })
  @ApiOkResponse({ type: SlaPolicyDto })
  get(@Param('stage') stage: string): Promise<SlaPolicyView> {
    return this.policies.get(stage);
  }

  @Roles('admin')
  @Put(':stage')
  @ApiParam({ name: 'stage', enum: STAGES })
  @ApiOperation({
    summary: 'Change the SLA policy of a stage',
    description:
      'Takes the record back (`id`, `stage`, `updatedAt` ignored; left-out fields unchanged). Open, not yet breached clocks of the stage are ' +
      're-computed from their start in the same transaction (breached stay breached; a fired warning is kept). An unchanged PUT records nothing.',
  })
  @ApiOkResponse({ type: SlaPolicyDto })
  update(@Param('stage') stage: string, @Body() dto: UpdateSlaPolicyDto, @CurrentActor() actor: Actor, @Req() req: Request): Promise<SlaPolicyView> {
    return this.policies.update(stage, dto, actor, correlationIdOf(req));
  }
}
