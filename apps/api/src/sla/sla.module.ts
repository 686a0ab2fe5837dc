import { Module } from '@nestjs/common';
import { CalendarsRepository, ClocksRepository, SlaPoliciesRepository, SlaReportsRepository } from '@sentinel/persistence';
import { CalendarsController } from './calendars.controller';
import { CalendarsService } from './calendars.service';
import { SlaController } from './sla.controller';
import { SlaPoliciesController } from './sla-policies.controller';
import { SlaPoliciesService } from './sla-policies.service';
import { SlaReportsService } from './sla-reports.service';

@Module({
  controllers: [SlaPoliciesController, CalendarsController, SlaController],
  providers: [SlaPoliciesService, CalendarsService, SlaReportsService, SlaPoliciesRepository, CalendarsRepository, ClocksRepository, SlaReportsRepository],
})
export class SlaModule {}
