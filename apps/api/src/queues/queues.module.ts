import { Module } from '@nestjs/common';
import { QueuesRepository } from '@sentinel/persistence';
import { QueuesController } from './queues.controller';
import { QueuesService } from './queues.service';

@Module({ controllers: [QueuesController], providers: [QueuesService, QueuesRepository] })
export class QueuesModule {}
