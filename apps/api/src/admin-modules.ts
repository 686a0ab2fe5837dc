import type { Type } from '@nestjs/common';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { BanksModule } from './banks/banks.module';
import { ImportsModule } from './imports/imports.module';
import { QueuesModule } from './queues/queues.module';
import { TeamsModule } from './teams/teams.module';
import { TerminalsModule } from './terminals/terminals.module';
import { UsersModule } from './users/users.module';

/** Users, API keys, teams, banks, queues, terminals, SLA settings, historical imports. */
export const ADMIN_MODULES: Type<unknown>[] = [UsersModule, ApiKeysModule, TeamsModule, BanksModule, QueuesModule, TerminalsModule, ImportsModule];
