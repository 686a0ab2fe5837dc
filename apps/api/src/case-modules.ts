import type { Type } from '@nestjs/common';
import { JobsModule } from './jobs/jobs.module';
import { ReportsModule } from './reports/reports.module';
import { CasesModule } from './cases/cases.module';
import { EvidenceModule } from './evidence/evidence.module';
import { DossierModule } from './dossier/dossier.module';

/** Reports, cases, actions, evidence, events, dossiers. */
export const CASE_MODULES: Type<unknown>[] = [JobsModule, ReportsModule, CasesModule, EvidenceModule, DossierModule];
