import { Module } from '@nestjs/common';
import { OperationsRepository } from '@sentinel/persistence';
import { HealthController } from './health.controller';

@Module({ controllers: [HealthController], providers: [OperationsRepository] })
export class HealthModule {}
