import { Global, Module } from '@nestjs/common';
import { AuditService } from './audit.service';
import { AuditController } from './audit.controller';
import { AuditCheckpointsController } from './audit-checkpoints.controller';
import { AuditCheckpointsService } from './audit-checkpoints.service';
import { AuditExportService } from './audit-export.service';
import { auditSigningKeyProvider } from './audit-signing-key';
import { AuditVerifyService } from './audit-verify.service';

@Global()
@Module({
  controllers: [AuditController, AuditCheckpointsController],
  providers: [AuditService, AuditVerifyService, AuditExportService, AuditCheckpointsService, auditSigningKeyProvider],
  exports: [AuditService, AuditCheckpointsService],
})
export class AuditModule {}
