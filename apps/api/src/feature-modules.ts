import type { Type } from '@nestjs/common';
import { ADMIN_MODULES } from './admin-modules';
import { CASE_MODULES } from './case-modules';
import { OPS_MODULES } from './ops-modules';

/** Feature modules of the API (one folder each), grouped so app.module.ts stays stable. */
export const FEATURE_MODULES: Type<unknown>[] = [...ADMIN_MODULES, ...CASE_MODULES, ...OPS_MODULES];
