import { Module } from '@nestjs/common';
import { TerminalsRepository } from '@sentinel/persistence';
import { TerminalsController } from './terminals.controller';
import { TerminalsService } from './terminals.service';

@Module({ controllers: [TerminalsController], providers: [TerminalsService, TerminalsRepository] })
export class TerminalsModule {}
