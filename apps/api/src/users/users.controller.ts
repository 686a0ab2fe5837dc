import { Body, Controller, Delete, Get, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import type { Actor } from '../auth/actor';
import { contentRange } from '../common/list-query';
import { ApiList, ApiProblem } from '../openapi/decorators';
import { CreateUserDto, UpdateUserDto, UserDto } from './user.dto';
import { USER_FILTERS, USER_SORTS, UsersService } from './users.service';

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Roles('supervisor', 'auditor', 'admin')
  @ApiOperation({ summary: 'List users', description: '`q`: a name prefix (for admins also an email prefix). Non-admins see `{id, name, role, teamId, active}` only.' })
  @ApiList({ resource: 'users', type: UserDto, filters: USER_FILTERS, sorts: USER_SORTS, defaultSort: 'name ASC' })
  async list(@Query() query: Record<string, unknown>, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    const { rows, total, offset } = await this.users.list(query, actor);
    res.setHeader('Content-Range', contentRange('users', offset, rows.length, total));
    return rows;
  }

  @Get(':id')
  @Roles('supervisor', 'auditor', 'admin')
  @ApiOperation({ summary: 'Show a user', description: 'Non-admins see `{id, name, role, teamId, active}` only.' })
  @ApiOkResponse({ type: UserDto })
  get(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return this.users.get(id, actor);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a user', description: 'The password is optional (an intake client may live on API keys only), at least 10 characters.' })
  @ApiCreatedResponse({ type: UserDto })
  @ApiProblem(409, '`CONFLICT`: the email is taken (case-insensitively).')
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
