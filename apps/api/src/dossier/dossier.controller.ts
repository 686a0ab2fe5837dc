import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import type { Actor } from '../auth/actor';
import { DossierService } from './dossier.service';
import { DOSSIER_LANGS } from './dossier-words';

@ApiTags('cases')
@Controller('cases')
export class DossierController {
  constructor(private readonly dossiers: DossierService) {}

  @Roles('auditor', 'admin')
  @Get(':id/dossier.pdf')
  @ApiProduces('application/pdf')
  @ApiOperation({
    summary: 'Download a case dossier (PDF)',
    description:
      'Summary, terminal (personal fields masked), reports, stage records with their SLA outcome, evidence with SHA-256, notes, ' +
      'notifications with attempts, the full timeline with hashes, the chain head and the latest checkpoint covering it. ' +
      'Recorded in the system chain (`dossier.downloaded`, with the SHA-256 of the file; also the `X-Content-SHA256` header).',
  })
  @ApiQuery({ name: 'lang', required: false, enum: DOSSIER_LANGS, description: 'default en' })
  @ApiOkResponse({ description: 'The dossier.', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  async download(@Param('id') id: string, @Query() q: Record<string, unknown>, @CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    const lang = this.dossiers.parseLang(q);
    const { pdf, reference, sha256 } = await this.dossiers.render(id, lang, actor);
    res.status(200);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename="${reference}-dossier-${lang}.pdf"`);
    res.setHeader('X-Content-SHA256', sha256);
    res.setHeader('Cache-Control', 'no-store');
    res.end(pdf);
  }
}
