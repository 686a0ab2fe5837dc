import { Global, Module } from '@nestjs/common';
import { AuditService } from './audit.service';
import { AuditController } from './audit.controller';
import { AuditExportService } from './audit-export.service';
import { AuditVerifyService } from './audit-verify.service';

@Global()
@Module({ controllers: [AuditController], providers: [AuditService, AuditVerifyService, AuditExportService], exports: [AuditService] })
export class AuditModule {}
