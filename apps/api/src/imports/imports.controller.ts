import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { ImportView } from '@sentinel/contracts';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import type { Actor } from '../auth/actor';
import { ApiProblem } from '../openapi/decorators';
import { ImportDto } from './import.view';
import { ImportsService } from './imports.service';

@ApiTags('imports')
@Controller('imports')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  @Roles('admin')
  @Post()
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary', description: 'the CSV (UTF-8, header row)' } } } })
  @ApiOperation({
    summary: 'Start a historical import',
    description:
      'Multipart `file`: a CSV whose columns are the report fields of POST /api/reports (nested fields dotted: `reporter.name`, `amountAtRisk.minor`, ' +
      '`amountAtRisk.currency`; `transactions` as a JSON array) plus `externalId` (required) and optional `status`, `outcome`, `closedAt`. The header is ' +
      'checked before answering (422 on `file`); the rows are imported in the background — follow them with GET /api/imports/:id.',
  })
  @ApiAcceptedResponse({ type: ImportDto })
  @ApiProblem(400, '`REQUEST.MALFORMED` (not a readable multipart body) or `REQUEST.UNKNOWN_FIELD` (a part other than `file`).')
  @ApiProblem(413, '`REQUEST.TOO_LARGE`: larger than 200 MB (use `npm run import`).')
  @ApiProblem(415, '`REQUEST.MEDIA_TYPE`: not multipart/form-data.')
  @ApiProblem(422, '`VALIDATION.FAILED` on `file`: missing, not CSV, a column that is not a report field, or no `externalId` column.')
  start(@Req() req: Request, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response): Promise<ImportView> {
    res.status(202);
    return this.imports.start(req, actor);
  }

  @Roles('admin')
  @Get(':id')
  @ApiOperation({ summary: 'Show an import', description: '`{ status, rows, done, skipped, failed, errors }` while and after it runs.' })
  @ApiOkResponse({ type: ImportDto })
  show(@Param('id') id: string): Promise<ImportView> {
    return this.imports.show(id);
  }
}
