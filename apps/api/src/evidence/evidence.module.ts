import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { EvidenceController } from './evidence.controller';
import { EvidenceService } from './evidence.service';

@Module({ imports: [CasesModule], controllers: [EvidenceController], providers: [EvidenceService] })
export class EvidenceModule {}
