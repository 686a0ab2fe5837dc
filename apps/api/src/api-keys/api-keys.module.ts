import { Module } from '@nestjs/common';
import { ApiKeysRepository, UserAccountsRepository } from '@sentinel/persistence';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';

@Module({ controllers: [ApiKeysController], providers: [ApiKeysService, ApiKeysRepository, UserAccountsRepository] })
export class ApiKeysModule {}
