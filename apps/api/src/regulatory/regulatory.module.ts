import { Module } from '@nestjs/common';
import { CalendarsRepository, RegulatoryRepository } from '@sentinel/persistence';
import { RegulatoryController } from './regulatory.controller';
import { RegulatoryService } from './regulatory.service';

@Module({ controllers: [RegulatoryController], providers: [RegulatoryService, RegulatoryRepository, CalendarsRepository] })
export class RegulatoryModule {}
