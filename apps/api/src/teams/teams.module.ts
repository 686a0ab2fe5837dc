import { Module } from '@nestjs/common';
import { TeamsRepository } from '@sentinel/persistence';
import { TeamsController } from './teams.controller';
import { TeamsService } from './teams.service';

@Module({ controllers: [TeamsController], providers: [TeamsService, TeamsRepository] })
export class TeamsModule {}
