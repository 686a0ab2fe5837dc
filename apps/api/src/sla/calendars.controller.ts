import { Body, Controller, Delete, Get, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CalendarView } from '@sentinel/contracts';
import type { Request, Response } from 'express';
import { CurrentActor, Roles, SETTINGS_READERS } from '../auth/auth.decorators';
import type { Actor } from '../auth/actor';
import { contentRange } from '../common/list-query';
import { correlationIdOf } from '../common/correlation-id';
import { ApiList, ApiProblem } from '../openapi/decorators';
import { CalendarDto, CreateCalendarDto, UpdateCalendarDto } from './calendar.dto';
import { CALENDAR_FILTERS, CALENDAR_SORTS, CalendarsService } from './calendars.service';

@ApiTags('sla')
@Controller('calendars')
export class CalendarsController {
  constructor(private readonly calendars: CalendarsService) {}

  @Roles(...SETTINGS_READERS)
  @Get()
  @ApiOperation({ summary: 'List calendars', description: '`q`: a prefix of the name (case-insensitive) or of the id.' })
  @ApiList({ resource: 'calendars', type: CalendarDto, filters: CALENDAR_FILTERS, sorts: CALENDAR_SORTS, defaultSort: 'name ASC' })
  async list(@Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response): Promise<CalendarView[]> {
    const { rows, total, offset } = await this.calendars.list(query);
    res.setHeader('Content-Range', contentRange('calendars', offset, rows.length, total));
    return rows;
  }

  @Roles(...SETTINGS_READERS)
  @Get(':id')
  @ApiOperation({ summary: 'Show a calendar' })
  @ApiOkResponse({ type: CalendarDto })
  get(@Param('id') id: string): Promise<CalendarView> {
    return this.calendars.get(id);
  }

  @Roles('admin')
  @Post()
  @ApiOperation({
    summary: 'Create a calendar',
    description: 'Field errors name their path (`timeZone`, `workingHours.mon`, `holidays.3`); working hours are stored in weekday order.',
  })
  @ApiCreatedResponse({ type: CalendarDto })
  @ApiProblem(409, '`CONFLICT`: a calendar with this id exists.')
  create(@Body() dto: CreateCalendarDto, @CurrentActor() actor: Actor): Promise<CalendarView> {
    return this.calendars.create(dto, actor);
  }

  @Roles('admin')
  @Put(':id')
  @ApiOperation({
    summary: 'Change a calendar',
    description:
      'Takes the record back (`id`, `builtin`, timestamps ignored; left-out fields unchanged). Re-computes the open clocks of every stage whose policy uses it.',
  })
  @ApiOkResponse({ type: CalendarDto })
  @ApiProblem(403, '`AUTH.FORBIDDEN`: not an admin, or a changed value of the built-in, read-only `24x7` calendar.')
  update(@Param('id') id: string, @Body() dto: UpdateCalendarDto, @CurrentActor() actor: Actor, @Req() req: Request): Promise<CalendarView> {
    return this.calendars.update(id, dto, actor, correlationIdOf(req));
  }

  @Roles('admin')
  @Delete(':id')
  @ApiOperation({ summary: 'Delete a calendar no SLA policy uses', description: 'Answers with the deleted calendar.' })
  @ApiOkResponse({ type: CalendarDto })
  @ApiProblem(403, '`AUTH.FORBIDDEN`: not an admin, or the built-in `24x7` calendar.')
  @ApiProblem(409, '`CONFLICT`: SLA policies use it (`params.stages`).')
  remove(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<CalendarView> {
    return this.calendars.remove(id, actor);
  }
}
