import { Module } from '@nestjs/common';
import { CasesController } from './cases.controller';
import { CasesQueryService } from './cases-query.service';
import { CaseActionsService } from './case-actions.service';
import { ClaimNextService } from './claim-next.service';
import { BulkService } from './bulk.service';

@Module({
  controllers: [CasesController],
  providers: [CasesQueryService, CaseActionsService, ClaimNextService, BulkService],
  exports: [CaseActionsService],
})
export class CasesModule {}
