import { Module } from '@nestjs/common';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';
import { ReportsQueryService } from './reports-query.service';

@Module({ controllers: [ReportsController], providers: [ReportsService, ReportsQueryService] })
export class ReportsModule {}
