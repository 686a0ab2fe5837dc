import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor, Roles, SETTINGS_READERS } from '../auth/auth.decorators';
import type { Actor } from '../auth/actor';
import { contentRange } from '../common/list-query';
import { BankDto, CreateBankDto, CreatedBankDto, RotateSecretDto, SecretRotationDto, UpdateBankDto } from './bank.dto';
import { ApiList } from '../openapi/decorators';
import { BANK_FILTERS, BANK_SORTS, BanksService } from './banks.service';

@ApiTags('banks')
@Controller('banks')
export class BanksController {
  constructor(private readonly banks: BanksService) {}

  @Get()
  @Roles(...SETTINGS_READERS)
  @ApiOperation({ summary: 'List banks', description: 'Never the secret. `q`: a code or name prefix.' })
  @ApiList({ resource: 'banks', type: BankDto, filters: BANK_FILTERS, sorts: BANK_SORTS, defaultSort: 'code ASC' })
  async list(@Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response) {
    const { rows, total, offset } = await this.banks.list(query);
    res.setHeader('Content-Range', contentRange('banks', offset, rows.length, total));
    return rows;
  }

  @Get(':id')
  @Roles(...SETTINGS_READERS)
  @ApiOperation({ summary: 'Show a bank', description: 'Never the secret.' })
  @ApiOkResponse({ type: BankDto })
  get(@Param('id') id: string) {
    return this.banks.get(id);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({
    summary: 'Create a bank',
    description: 'Without `secret` one is generated and returned once in `secret`. `webhookUrl` must follow the address rule (https, public addresses; 422 on `webhookUrl`).',
  })
  @ApiCreatedResponse({ type: CreatedBankDto })
  create(@Body() dto: CreateBankDto, @CurrentActor() actor: Actor) {
    return this.banks.create(dto, actor);
  }

  @Put(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Update a bank', description: 'Writing `secret` rotates it (the previous one stays valid for secretGraceHours). `code` is fixed (403).' })
  @ApiOkResponse({ type: BankDto })
  update(@Param('id') id: string, @Body() dto: UpdateBankDto, @CurrentActor() actor: Actor) {
    return this.banks.update(id, dto, actor);
  }

  @Post(':id/rotate-secret')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Generate a new webhook secret',
    description:
      'Returned once; the previous secret is accepted until previousSecretExpiresAt. The body is optional: `{ "emergency": true }` ends every older secret at once ' +
      '(previousSecretExpiresAt null: deliveries are signed and callbacks verified with the new secret only).',
  })
  @ApiOkResponse({ type: SecretRotationDto })
  rotate(@Param('id') id: string, @Body() dto: RotateSecretDto, @CurrentActor() actor: Actor) {
    return this.banks.rotateSecret(id, actor, dto?.emergency === true);
  }

  @Delete(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Deactivate a bank (never removed)', description: 'Same as PUT with active:false; returns the bank.' })
  @ApiOkResponse({ type: BankDto })
  deactivate(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return this.banks.deactivate(id, actor);
  }
}
