import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { READERS, Roles } from '../auth/auth.decorators';
import { StatsService } from './stats.service';

@ApiTags('sla')
@ApiBearerAuth()
@Controller('stats')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Roles(...READERS)
  @Get('load')
  @ApiQuery({ name: 'teamId', required: false })
  @ApiOperation({ summary: 'Open and overdue cases per active analyst and supervisor: [{ assigneeId, name, open, overdue }]' })
  load(@Query() query: Record<string, unknown>) {
    return this.stats.load(query);
  }
}
