import { Module } from '@nestjs/common';
import { AlertInboxRepository } from '@sentinel/persistence';
import { AlertsController } from './alerts.controller';
import { AlertsService } from './alerts.service';

@Module({ controllers: [AlertsController], providers: [AlertsService, AlertInboxRepository] })
export class AlertsModule {}
