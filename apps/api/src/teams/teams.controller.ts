import { Body, Controller, Delete, Get, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor, Roles, SETTINGS_READERS } from '../auth/auth.decorators';
import type { Actor } from '../auth/actor';
import { contentRange } from '../common/list-query';
import { CreateTeamDto, TeamDto, UpdateTeamDto } from './team.dto';
import { ApiList, ApiProblem } from '../openapi/decorators';
import { TEAM_FILTERS, TEAM_SORTS, TeamsService } from './teams.service';

@ApiTags('teams')
@Controller('teams')
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @Get()
  @Roles(...SETTINGS_READERS)
  @ApiOperation({ summary: 'List teams', description: '`q`: a name prefix.' })
  @ApiList({ resource: 'teams', type: TeamDto, filters: TEAM_FILTERS, sorts: TEAM_SORTS, defaultSort: 'name ASC' })
  async list(@Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response) {
    const { rows, total, offset } = await this.teams.list(query);
    res.setHeader('Content-Range', contentRange('teams', offset, rows.length, total));
    return rows;
  }

  @Get(':id')
  @Roles(...SETTINGS_READERS)
  @ApiOperation({ summary: 'Show a team' })
  @ApiOkResponse({ type: TeamDto })
  get(@Param('id') id: string) {
    return this.teams.get(id);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a team', description: 'Each bank is served by at most one team (422 on `bankCodes` otherwise).' })
  @ApiCreatedResponse({ type: TeamDto })
  @ApiProblem(409, '`CONFLICT`: the name is taken (case-insensitively).')
  create(@Body() dto: CreateTeamDto, @CurrentActor() actor: Actor) {
    return this.teams.create(dto, actor);
  }

  @Put(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Update a team', description: 'isDefault: true clears the previous default team in the same transaction.' })
  @ApiOkResponse({ type: TeamDto })
  update(@Param('id') id: string, @Body() dto: UpdateTeamDto, @CurrentActor() actor: Actor) {
    return this.teams.update(id, dto, actor);
  }

  @Delete(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Delete an unused team', description: 'Its queues are deleted with it; answers with the deleted team.' })
  @ApiOkResponse({ type: TeamDto })
  @ApiProblem(409, '`CONFLICT`: users or open cases reference the team (`params.users`, `params.openCases`).')
  remove(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return this.teams.remove(id, actor);
  }
}
