import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiPropertyOptional, ApiQuery, ApiSchema, ApiTags } from '@nestjs/swagger';
import { AUDIT_EXPORT_FORMATS, AUDIT_SCOPES, type AuditChainFailure, type AuditVerifyResult } from '@sentinel/contracts';
import type { Response } from 'express';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import type { Actor } from '../auth/actor';
import { ProblemException } from '../common/problem.exception';
import { parseAuditQuery } from './audit-query';
import { AuditExportService } from './audit-export.service';
import { AuditVerifyService } from './audit-verify.service';

@ApiSchema({ name: 'AuditChainFailure' })
class AuditChainFailureDto implements AuditChainFailure {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null for the system chain' }) caseId: string | null;
  @ApiProperty({ type: 'integer', example: 4 }) seq: number;
  @ApiProperty({ example: 'hash_mismatch' }) reason: string;
}

@ApiSchema({ name: 'AuditVerifiedCheckpoint' })
class VerifiedCheckpointDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: 'integer', example: 12 }) seq: number;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: Boolean, nullable: true, description: 'null: signed with another key than the current one' }) signatureValid: boolean | null;
}

@ApiSchema({ name: 'AuditVerifyResult' })
class AuditVerifyResultDto implements AuditVerifyResult {
  @ApiProperty() ok: boolean;
  @ApiProperty({ type: 'integer', example: 120 }) casesChecked: number;
  @ApiProperty({ type: 'integer', example: 1460 }) eventsChecked: number;
  @ApiPropertyOptional({ type: 'integer', example: 310, description: 'with scope system or all' }) systemEventsChecked?: number;
  @ApiProperty({ type: [AuditChainFailureDto] }) failures: AuditChainFailureDto[];
  @ApiPropertyOptional({ type: 'integer', example: 120, description: 'with deep=true: cases whose rows were held against their replayed events' })
  statesChecked?: number;
  @ApiPropertyOptional({ type: VerifiedCheckpointDto, nullable: true, description: 'the latest checkpoint the data was held against (null: none yet)' })
  checkpoint?: VerifiedCheckpointDto | null;
}

const TIME = { type: 'string', format: 'date-time' } as const;

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(
    private readonly verifier: AuditVerifyService,
    private readonly exporter: AuditExportService,
  ) {}

  @Roles('auditor', 'admin')
  @Get('verify')
  @ApiOperation({
    summary: 'Verify the audit chains',
    description: 'Re-computes every hash, link, seq and chain head. A time range selects the cases with events in it; their whole chains are verified.',
  })
  @ApiQuery({ name: 'scope', required: false, enum: AUDIT_SCOPES, description: 'default cases' })
  @ApiQuery({ name: 'from', required: false, schema: TIME })
  @ApiQuery({ name: 'to', required: false, schema: TIME })
  @ApiQuery({ name: 'caseId', required: false, schema: { type: 'string', format: 'uuid' } })
  @ApiQuery({
    name: 'deep',
    required: false,
    schema: { type: 'string', enum: ['true', 'false'] },
    description: 'also replay each case\'s events and compare them with its row, stage records and clocks (`state_mismatch` failures, seq 0)',
  })
  @ApiOkResponse({ type: AuditVerifyResultDto })
  verify(@Query() q: Record<string, unknown>): Promise<AuditVerifyResult> {
    if (q.format !== undefined) throw new ProblemException('REQUEST.UNKNOWN_FIELD', 'Unknown query parameter: format', { fields: ['format'] });
    return this.verifier.verify(parseAuditQuery(q));
  }

  @Roles('auditor', 'admin')
  @Get('export')
  @ApiProduces('text/csv', 'application/x-ndjson')
  @ApiOperation({
    summary: 'Export audit events',
    description:
      'Streamed, any size: one row per event with exactly the hashed fields, cases chain by chain, then the system chain. ' +
      'CSV columns `caseId,seq,at,actorId,actorRole,action,data,prevHash,hash` (`data` as RFC 8785 canonical JSON). Every export is recorded in the system chain.',
  })
  @ApiQuery({ name: 'format', required: true, enum: AUDIT_EXPORT_FORMATS })
  @ApiQuery({ name: 'scope', required: false, enum: AUDIT_SCOPES, description: 'default cases' })
  @ApiQuery({ name: 'from', required: false, schema: TIME })
  @ApiQuery({ name: 'to', required: false, schema: TIME })
  @ApiQuery({ name: 'caseId', required: false, schema: { type: 'string', format: 'uuid' } })
  @ApiOkResponse({
    description: 'The events as CSV or JSON Lines.',
    content: { 'text/csv': { schema: { type: 'string' } }, 'application/x-ndjson': { schema: { type: 'string' } } },
  })
  async export(@Query() q: Record<string, unknown>, @CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    const format = q.format;
    if (format !== 'csv' && format !== 'jsonl') throw new ProblemException('REQUEST.MALFORMED', 'format must be csv or jsonl', { field: 'format' });
    if (q.deep !== undefined) throw new ProblemException('REQUEST.UNKNOWN_FIELD', 'Unknown query parameter: deep', { fields: ['deep'] });
    const query = parseAuditQuery(q);
    try {
      await this.exporter.export(query, format, actor, res);
    } catch (e) {
      // Headers may be out already: a broken stream ends the response (the client sees a truncated file).
      if (!res.headersSent) throw e;
      res.destroy(e as Error);
    }
  }
}
