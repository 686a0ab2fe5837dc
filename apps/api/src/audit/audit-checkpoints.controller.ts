import { Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiSchema, ApiTags } from '@nestjs/swagger';
import type { AuditCheckpoint } from '@sentinel/contracts';
import type { Response } from 'express';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import type { Actor } from '../auth/actor';
import { contentRange } from '../common/list-query';
import { ApiList } from '../openapi/decorators';
import { AuditCheckpointsService, CHECKPOINT_SORTS } from './audit-checkpoints.service';

const HEX64 = { type: 'string', pattern: '^[0-9a-f]{64}$' } as const;

@ApiSchema({ name: 'AuditChainHead' })
class ChainHeadDto {
  @ApiProperty({ type: 'integer', example: 310 }) seq: number;
  @ApiProperty(HEX64) hash: string;
}

@ApiSchema({ name: 'AuditCheckpoint' })
class AuditCheckpointDto implements AuditCheckpoint {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: 'integer', example: 12 }) seq: number;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: ChainHeadDto }) systemHead: ChainHeadDto;
  @ApiProperty({ ...HEX64, description: 'RFC 6962 Merkle root over one leaf per case, in caseId order' }) casesRoot: string;
  @ApiProperty({ type: 'integer', example: 1200 }) caseCount: number;
  @ApiProperty({ ...HEX64, description: 'the previous checkpoint\'s hash (64 zeros for the first)' }) prevHash: string;
  @ApiProperty({ ...HEX64, description: 'SHA-256 of the canonical JSON of the checkpoint without id, hash and signature' }) hash: string;
  @ApiProperty({ description: 'base64 Ed25519 over the ASCII bytes of hash' }) signature: string;
  @ApiProperty({ ...HEX64, description: 'hex SHA-256 of the public key\'s SPKI DER' }) keyId: string;
  @ApiProperty({ example: 'system', description: '`system` (the worker\'s schedule) or the admin who asked for it' }) createdBy: string;
  @ApiProperty({ type: Boolean, nullable: true, description: 'the signature holds with the current public key (null: another key signed it)' })
  signatureValid: boolean | null;
}

@ApiTags('audit')
@Controller('audit')
export class AuditCheckpointsController {
  constructor(private readonly checkpoints: AuditCheckpointsService) {}

  @Roles('auditor', 'admin')
  @Get('public-key')
  @ApiProduces('application/x-pem-file')
  @ApiOperation({ summary: 'The checkpoint signing public key (PEM, SPKI)', description: 'What the offline verifier takes as `--public-key`.' })
  @ApiOkResponse({ description: 'The Ed25519 public key as PEM.', content: { 'application/x-pem-file': { schema: { type: 'string' } } } })
  publicKey(@Res() res: Response): void {
    res.status(200).type('application/x-pem-file').setHeader('Content-Disposition', 'attachment; filename="sentinel-audit-public-key.pem"');
    res.send(this.checkpoints.publicKeyPem);
  }

  @Roles('auditor', 'admin')
  @Get('checkpoints')
  @ApiOperation({ summary: 'List signed checkpoints', description: 'Newest first by default; each with whether its signature holds.' })
  @ApiList({ resource: 'checkpoints', type: AuditCheckpointDto, filters: [], sorts: CHECKPOINT_SORTS, defaultSort: 'seq DESC' })
  async list(@Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response) {
    const { rows, total, offset } = await this.checkpoints.list(query);
    res.setHeader('Content-Range', contentRange('checkpoints', offset, rows.length, total));
    return rows;
  }

  @Roles('admin')
  @Post('checkpoints')
  @HttpCode(201)
  @ApiOperation({ summary: 'Write a signed checkpoint now', description: 'Recorded in the system chain (`audit.checkpoint_created`).' })
  @ApiCreatedResponse({ type: AuditCheckpointDto })
  create(@CurrentActor() actor: Actor): Promise<AuditCheckpoint> {
    return this.checkpoints.create(actor);
  }

  @Roles('auditor', 'admin')
  @Get('checkpoints/:id')
  @ApiOperation({ summary: 'Show a checkpoint' })
  @ApiOkResponse({ type: AuditCheckpointDto })
  get(@Param('id') id: string): Promise<AuditCheckpoint> {
    return this.checkpoints.get(id);
  }

  @Roles('auditor', 'admin')
  @Get('checkpoints/:id/leaves')
  @ApiProduces('application/x-ndjson')
  @ApiOperation({ summary: 'A checkpoint\'s leaves (JSON Lines)', description: 'One `{ caseId, lastEventSeq, headHash }` per line, in caseId order.' })
  @ApiOkResponse({ description: 'The leaves as JSON Lines.', content: { 'application/x-ndjson': { schema: { type: 'string' } } } })
  async leaves(@Param('id') id: string, @Res() res: Response): Promise<void> {
    try {
      await this.checkpoints.streamLeaves(id, res);
    } catch (e) {
      if (!res.headersSent) throw e;
      res.destroy(e as Error);
    }
  }
}
