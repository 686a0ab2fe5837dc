import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiSchema, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { EVIDENCE_TYPES, type EvidenceView } from '@sentinel/contracts';
import { servedEvidenceName } from '@sentinel/domain';
import { CASE_WORKERS, CurrentActor, Public, READERS, Roles } from '../auth/auth.decorators';
import type { Actor } from '../auth/actor';
import { methodNotAllowed } from '../common/problem.exception';
import { EvidenceService } from './evidence.service';
import { EvidenceDto } from './evidence.view';
import { ApiProblem } from '../openapi/decorators';

@ApiSchema({ name: 'RemoveEvidence' })
export class RemoveEvidenceDto {
  @ApiProperty({ example: 'Uploaded to the wrong case' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason: string;
}

@ApiTags('evidence')
@Controller()
export class EvidenceController {
  constructor(private readonly evidence: EvidenceService) {}

  @Roles(...CASE_WORKERS)
  @Post('cases/:id/evidence')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'type'],
      properties: {
        file: { type: 'string', format: 'binary' },
        type: { type: 'string', enum: [...EVIDENCE_TYPES] },
        description: { type: 'string', maxLength: 2000 },
      },
    },
  })
  @ApiOperation({
    summary: 'Upload evidence',
    description:
      'Multipart `file`, `type`, `description?`; streamed and hashed (SHA-256) while written. Media types are allow-listed and judged by content as well as by name; ' +
      'text evidence holding a full card number → 422 `PAN.DETECTED`. Counts as case work (the assignee or a supervisor) and bumps the case version.',
  })
  @ApiCreatedResponse({ type: EvidenceDto })
  @ApiProblem(400, '`REQUEST.MALFORMED`: not a readable multipart body.')
  @ApiProblem(403, '`AUTH.FORBIDDEN` (role) or `CASE.NOT_OWNER` (another analyst\'s case).')
  @ApiProblem(413, '`EVIDENCE.TOO_LARGE`: larger than EVIDENCE_MAX_BYTES (default 25 MB).')
  @ApiProblem(415, '`EVIDENCE.MEDIA_TYPE` (a file kind not accepted) or `REQUEST.MEDIA_TYPE` (not multipart/form-data).')
  @ApiProblem(422, '`VALIDATION.FAILED` (`errors`, `fieldCodes`), `PAN.DETECTED` or `CASE.ACTION_NOT_ALLOWED` (a closed case).')
  upload(@Param('id') id: string, @Req() req: Request, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    res.status(201);
    return this.evidence.upload(id, req, actor);
  }

  @Roles(...READERS)
  @Get('cases/:id/evidence')
  @ApiOperation({ summary: 'List the evidence of a case', description: 'Removed items stay listed with `removedAt`.' })
  @ApiOkResponse({ type: [EvidenceDto] })
  list(@Param('id') id: string): Promise<EvidenceView[]> {
    return this.evidence.list(id);
  }

  @Roles(...READERS)
  @Get('evidence/:id/content')
  @ApiOperation({ summary: 'Download the bytes of an evidence item', description: 'The stored bytes (the same SHA-256); each download is recorded in the system chain.' })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({
    description: 'The file, with its media type, as an attachment.',
    content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
    headers: {
      'Repr-Digest': { description: 'RFC 9530: `sha-256=:<base64>:`', schema: { type: 'string' } },
      'X-Content-SHA256': { description: 'the SHA-256 (hex) of the bytes', schema: { type: 'string' } },
      'Content-Disposition': { description: "`attachment; filename*=UTF-8''…` (plain text always `.txt`)", schema: { type: 'string' } },
      'Content-Security-Policy': { description: "`sandbox; default-src 'none'`", schema: { type: 'string' } },
      'X-Content-Type-Options': { description: '`nosniff`', schema: { type: 'string' } },
    },
  })
  async content(@Param('id') id: string, @CurrentActor() actor: Actor, @Res() res: Response) {
    const { row, stream } = await this.evidence.open(id, actor);
    // Never rendered by a browser: an attachment, its type not sniffed, and sandboxed with nothing allowed should
    // it be opened anyway. The name is the served one (plain text `.txt`, no format characters), rows stored
    // before those rules included.
    res.setHeader('Content-Type', row.media_type.startsWith('text/') ? `${row.media_type}; charset=utf-8` : row.media_type);
    res.setHeader('Content-Length', String(row.size));
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(servedEvidenceName(row.file_name, row.media_type))}`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "sandbox; default-src 'none'");
    res.setHeader('Repr-Digest', `sha-256=:${Buffer.from(row.sha256, 'hex').toString('base64')}:`);
    res.setHeader('X-Content-SHA256', row.sha256);
    res.setHeader('Cache-Control', 'private, no-store');
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }

  @Roles(...CASE_WORKERS)
  @Post('evidence/:id/remove')
  @HttpCode(200)
  @ApiOperation({ summary: 'Remove an evidence item', description: 'Marked removed with the reason; the bytes are kept for the auditor. A bare DELETE → 405.' })
  @ApiOkResponse({ type: EvidenceDto })
  @ApiProblem(403, '`AUTH.FORBIDDEN` (role) or `CASE.NOT_OWNER` (another analyst\'s case).')
  @ApiProblem(422, '`VALIDATION.FAILED`, `PAN.DETECTED` (in the reason) or `CASE.ACTION_NOT_ALLOWED`.')
  remove(@Param('id') id: string, @Body() dto: RemoveEvidenceDto, @CurrentActor() actor: Actor) {
    return this.evidence.remove(id, dto.reason, actor);
  }

  @Roles(...READERS)
  @Get('evidence/:id')
  @ApiOperation({ summary: 'Show an evidence item' })
  @ApiOkResponse({ type: EvidenceDto })
  show(@Param('id') id: string): Promise<EvidenceView> {
    return this.evidence.show(id);
  }

  @Public()
  @ApiExcludeEndpoint()
  @Delete('evidence/:id')
  deleteNotAllowed() {
    throw methodNotAllowed('POST /api/evidence/:id/remove', 'Evidence is never deleted: POST /api/evidence/:id/remove with a reason (the bytes are kept for the auditor)');
  }
}
