import { Module } from '@nestjs/common';
import { WorkloadRepository } from '@sentinel/persistence';
import { StatsController } from './stats.controller';
import { StatsService } from './stats.service';

@Module({ controllers: [StatsController], providers: [StatsService, WorkloadRepository] })
export class StatsModule {}
