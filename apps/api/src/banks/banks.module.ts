import { Module } from '@nestjs/common';
import { BanksRepository } from '@sentinel/persistence';
import { BanksController } from './banks.controller';
import { BanksService } from './banks.service';

@Module({ controllers: [BanksController], providers: [BanksService, BanksRepository] })
export class BanksModule {}
