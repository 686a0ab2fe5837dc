import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import type { Actor } from '../auth/actor';
import { ProblemException } from '../common/problem.exception';
import { parseAuditQuery } from './audit-query';
import { AuditExportService } from './audit-export.service';
import { AuditVerifyService } from './audit-verify.service';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(
    private readonly verifier: AuditVerifyService,
    private readonly exporter: AuditExportService,
  ) {}

  @Roles('auditor', 'admin')
  @Get('verify')
  @ApiOperation({ summary: 'Re-compute the audit chains: { ok, casesChecked, eventsChecked, failures: [{caseId, seq, reason}] }' })
  @ApiQuery({ name: 'scope', required: false, enum: ['cases', 'system', 'all'] })
  @ApiQuery({ name: 'from', required: false })
  @ApiQuery({ name: 'to', required: false })
  @ApiQuery({ name: 'caseId', required: false })
  verify(@Query() q: Record<string, unknown>) {
    if (q.format !== undefined) throw new ProblemException('REQUEST.UNKNOWN_FIELD', 'Unknown query parameter: format', { fields: ['format'] });
    return this.verifier.verify(parseAuditQuery(q));
  }

  @Roles('auditor', 'admin')
  @Get('export')
  @ApiProduces('text/csv', 'application/x-ndjson')
  @ApiOperation({ summary: 'Stream audit events as CSV or JSON Lines (one row per event, the hashed fields); recorded in the system chain' })
  @ApiQuery({ name: 'format', required: true, enum: ['csv', 'jsonl'] })
  @ApiQuery({ name: 'scope', required: false, enum: ['cases', 'system', 'all'] })
  @ApiQuery({ name: 'from', required: false })
  @ApiQuery({ name: 'to', required: false })
  @ApiQuery({ name: 'caseId', required: false })
  async export(@Query() q: Record<string, unknown>, @CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    const format = q.format;
    if (format !== 'csv' && format !== 'jsonl') throw new ProblemException('REQUEST.MALFORMED', 'format must be csv or jsonl', { field: 'format' });
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
