import { Module } from '@nestjs/common';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';
import { ReportsQueryService } from './reports-query.service';
import { ReportBatchService } from './report-batch.service';

@Module({ controllers: [ReportsController], providers: [ReportsService, ReportsQueryService, ReportBatchService] })
export class ReportsModule {}
