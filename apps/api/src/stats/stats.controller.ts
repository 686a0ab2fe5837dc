import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { WorkloadRow } from '@sentinel/contracts';
import { READERS, Roles } from '../auth/auth.decorators';
import { WorkloadDto } from '../sla/sla.view';
import { StatsService } from './stats.service';

@ApiTags('sla')
@Controller('stats')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Roles(...READERS)
  @Get('load')
  @ApiQuery({ name: 'teamId', required: false, schema: { type: 'string', format: 'uuid' }, description: 'only the people of this team' })
  @ApiOperation({
    summary: 'Open and overdue cases per person',
    description: 'Every active analyst and supervisor (zero rows included), busiest first, then by name. Overdue: open cases past their due time or breached.',
  })
  @ApiOkResponse({ type: [WorkloadDto] })
  load(@Query() query: Record<string, unknown>): Promise<WorkloadRow[]> {
    return this.stats.load(query);
  }
}
