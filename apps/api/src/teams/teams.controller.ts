import { Body, Controller, Delete, Get, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor, Roles, SETTINGS_READERS } from '../auth/auth.decorators';
import type { Actor } from '../auth/actor';
import { contentRange } from '../common/list-query';
import { CreateTeamDto, TeamDto, UpdateTeamDto } from './team.dto';
import { TeamsService } from './teams.service';

@ApiTags('teams')
@ApiBearerAuth()
@Controller('teams')
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @Get()
  @Roles(...SETTINGS_READERS)
  @ApiOperation({ summary: 'List teams', description: 'Filters: q (name prefix), isDefault, bankCode. Sorts: name, createdAt, id.' })
  @ApiOkResponse({ type: [TeamDto] })
  async list(@Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response) {
    const { rows, total, offset } = await this.teams.list(query);
    res.setHeader('Content-Range', contentRange('teams', offset, rows.length, total));
    return rows;
  }

  @Get(':id')
  @Roles(...SETTINGS_READERS)
  @ApiOkResponse({ type: TeamDto })
  get(@Param('id') id: string) {
    return this.teams.get(id);
  }

  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ type: TeamDto })
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
  @ApiOperation({ summary: 'Delete an unused team', description: '409 CONFLICT while users or open cases reference it; its queues are deleted with it.' })
  @ApiOkResponse({ type: TeamDto })
  remove(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return this.teams.remove(id, actor);
  }
}
