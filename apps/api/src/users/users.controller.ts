import { Body, Controller, Delete, Get, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import type { Actor } from '../auth/actor';
import { contentRange } from '../common/list-query';
import { CreateUserDto, UpdateUserDto, UserDto } from './user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Roles('supervisor', 'auditor', 'admin')
  @ApiOperation({ summary: 'List users', description: 'Filters: role, active, teamId, q (name prefix; admins also email). Sorts: name, role, createdAt, id. Non-admins see {id, name, role, teamId, active}.' })
  @ApiOkResponse({ type: [UserDto] })
  async list(@Query() query: Record<string, unknown>, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    const { rows, total, offset } = await this.users.list(query, actor);
    res.setHeader('Content-Range', contentRange('users', offset, rows.length, total));
    return rows;
  }

  @Get(':id')
  @Roles('supervisor', 'auditor', 'admin')
  @ApiOkResponse({ type: UserDto })
  get(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return this.users.get(id, actor);
  }

  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ type: UserDto })
  create(@Body() dto: CreateUserDto, @CurrentActor() actor: Actor) {
    return this.users.create(dto, actor);
  }

  @Put(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Update a user', description: 'Whole record as react-admin sends it; active:false deactivates. 422 USER.OWN_ROLE / USER.LAST_ADMIN.' })
  @ApiOkResponse({ type: UserDto })
  update(@Param('id') id: string, @Body() dto: UpdateUserDto, @CurrentActor() actor: Actor) {
    return this.users.update(id, dto, actor);
  }

  @Delete(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Deactivate a user (never removed)', description: 'Revokes sessions and API keys, unassigns open cases; returns the user.' })
  @ApiOkResponse({ type: UserDto })
  deactivate(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return this.users.deactivate(id, actor);
  }
}
