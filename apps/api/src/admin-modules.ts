import type { Type } from '@nestjs/common';

/** Users, API keys, teams, banks, queues, terminals, SLA settings. */
export const ADMIN_MODULES: Type<unknown>[] = [];
