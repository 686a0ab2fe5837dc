import { Body, Controller, Delete, Get, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentActor, Roles, SETTINGS_READERS } from '../auth/auth.decorators';
import type { Actor } from '../auth/actor';
import { contentRange } from '../common/list-query';
import { correlationIdOf } from '../common/correlation-id';
import { CalendarDto, CreateCalendarDto, UpdateCalendarDto } from './calendar.dto';
import { CalendarsService } from './calendars.service';

@ApiTags('sla')
@ApiBearerAuth()
@Controller('calendars')
export class CalendarsController {
  constructor(private readonly calendars: CalendarsService) {}

  @Roles(...SETTINGS_READERS)
  @Get()
  @ApiOperation({ summary: 'List calendars', description: 'Filters: q (name prefix or id), builtin. Sorts: name, createdAt, id.' })
  @ApiOkResponse({ type: [CalendarDto] })
  async list(@Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response) {
    const { rows, total, offset } = await this.calendars.list(query);
    res.setHeader('Content-Range', contentRange('calendars', offset, rows.length, total));
    return rows;
  }

  @Roles(...SETTINGS_READERS)
  @Get(':id')
  @ApiOkResponse({ type: CalendarDto })
  get(@Param('id') id: string) {
    return this.calendars.get(id);
  }

  @Roles('admin')
  @Post()
  @ApiOperation({ summary: 'Create a calendar', description: 'id: a slug ^[a-z0-9-]{2,40}$ (409 when taken); fields checked by validateCalendar (422 with field errors).' })
  @ApiCreatedResponse({ type: CalendarDto })
  create(@Body() dto: CreateCalendarDto, @CurrentActor() actor: Actor) {
    return this.calendars.create(dto, actor);
  }

  @Roles('admin')
  @Put(':id')
  @ApiOperation({
    summary: 'Change a calendar',
    description: 'Re-computes the open clocks of every stage whose policy uses it. The built-in 24x7 calendar is read-only: 403 AUTH.FORBIDDEN when a value differs.',
  })
  @ApiOkResponse({ type: CalendarDto })
  update(@Param('id') id: string, @Body() dto: UpdateCalendarDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.calendars.update(id, dto, actor, correlationIdOf(req));
  }

  @Roles('admin')
  @Delete(':id')
  @ApiOperation({ summary: 'Delete a calendar no SLA policy uses', description: '409 CONFLICT while a policy uses it; 403 for the built-in 24x7.' })
  @ApiOkResponse({ type: CalendarDto })
  remove(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return this.calendars.remove(id, actor);
  }
}
