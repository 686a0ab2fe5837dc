import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeEndpoint, ApiBody, ApiConsumes, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { EVIDENCE_TYPES } from '@sentinel/contracts';
import { CASE_WORKERS, CurrentActor, Public, READERS, Roles } from '../auth/auth.decorators';
import type { Actor } from '../auth/actor';
import { methodNotAllowed } from '../common/problem.exception';
import { EvidenceService } from './evidence.service';

export class RemoveEvidenceDto {
  @ApiProperty({ example: 'Uploaded to the wrong case' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason: string;
}

@ApiTags('evidence')
@ApiBearerAuth()
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
      properties: { file: { type: 'string', format: 'binary' }, type: { type: 'string', enum: [...EVIDENCE_TYPES] }, description: { type: 'string' } },
    },
  })
  @ApiOperation({ summary: 'Upload evidence (streamed, SHA-256 while writing; 413 too large, 415 media type)' })
  upload(@Param('id') id: string, @Req() req: Request, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    res.status(201);
    return this.evidence.upload(id, req, actor);
  }

  @Roles(...READERS)
  @Get('cases/:id/evidence')
  list(@Param('id') id: string) {
    return this.evidence.list(id);
  }

  @Roles(...READERS)
  @Get('evidence/:id/content')
  @ApiOperation({ summary: 'The bytes (same SHA-256); each download is recorded in the system chain' })
  async content(@Param('id') id: string, @CurrentActor() actor: Actor, @Res() res: Response) {
    const { row, stream } = await this.evidence.open(id, actor);
    res.setHeader('Content-Type', row.media_type);
    res.setHeader('Content-Length', String(row.size));
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(row.file_name)}`);
    res.setHeader('Repr-Digest', `sha-256=:${Buffer.from(row.sha256, 'hex').toString('base64')}:`);
    res.setHeader('X-Content-SHA256', row.sha256);
    res.setHeader('Cache-Control', 'private, no-store');
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }

  @Roles(...CASE_WORKERS)
  @Post('evidence/:id/remove')
  @HttpCode(200)
  remove(@Param('id') id: string, @Body() dto: RemoveEvidenceDto, @CurrentActor() actor: Actor) {
    return this.evidence.remove(id, dto.reason, actor);
  }

  @Roles(...READERS)
  @Get('evidence/:id')
  show(@Param('id') id: string) {
    return this.evidence.show(id);
  }

  @Public()
  @ApiExcludeEndpoint()
  @Delete('evidence/:id')
  deleteNotAllowed() {
    throw methodNotAllowed('POST /api/evidence/:id/remove', 'Evidence is never deleted: POST /api/evidence/:id/remove with a reason (the bytes are kept for the auditor)');
  }
}
