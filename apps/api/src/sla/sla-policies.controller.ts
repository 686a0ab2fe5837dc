import { Body, Controller, Get, Param, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { STAGES } from '@sentinel/contracts';
import { CurrentActor, Roles, SETTINGS_READERS } from '../auth/auth.decorators';
import type { Actor } from '../auth/actor';
import { contentRange } from '../common/list-query';
import { correlationIdOf } from '../common/correlation-id';
import { SlaPolicyDto, UpdateSlaPolicyDto } from './sla-policy.dto';
import { SlaPoliciesService } from './sla-policies.service';

@ApiTags('sla')
@ApiBearerAuth()
@Controller('sla-policies')
export class SlaPoliciesController {
  constructor(private readonly policies: SlaPoliciesService) {}

  @Roles(...SETTINGS_READERS)
  @Get()
  @ApiOperation({ summary: 'The SLA policy of each stage (lifecycle order by default)' })
  @ApiOkResponse({ type: [SlaPolicyDto] })
  async list(@Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response) {
    const { rows, total, offset } = await this.policies.list(query);
    res.setHeader('Content-Range', contentRange('sla-policies', offset, rows.length, total));
    return rows;
  }

  @Roles(...SETTINGS_READERS)
  @Get(':stage')
  @ApiParam({ name: 'stage', enum: STAGES })
  @ApiOkResponse({ type: SlaPolicyDto })
  get(@Param('stage') stage: string) {
    return this.policies.get(stage);
  }

  @Roles('admin')
  @Put(':stage')
  @ApiParam({ name: 'stage', enum: STAGES })
  @ApiOperation({
    summary: 'Change a stage policy',
    description: "Open, not yet breached clocks of the stage are re-computed from their start in the same transaction (breached stay breached; a fired warning is kept).",
  })
  @ApiOkResponse({ type: SlaPolicyDto })
  update(@Param('stage') stage: string, @Body() dto: UpdateSlaPolicyDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.policies.update(stage, dto, actor, correlationIdOf(req));
  }
}
