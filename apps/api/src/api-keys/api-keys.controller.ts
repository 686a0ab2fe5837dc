import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import type { Actor } from '../auth/actor';
import { contentRange } from '../common/list-query';
import { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto, UpdateApiKeyDto } from './api-key.dto';
import { ApiList } from '../openapi/decorators';
import { API_KEY_FILTERS, API_KEY_SORTS, ApiKeysService } from './api-keys.service';

@ApiTags('api-keys')
@Controller()
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post('users/:id/api-keys')
  @Roles('admin')
  @ApiOperation({ summary: 'Give a machine client (role intake) an API key', description: 'The key is in this response only; send it as Authorization: Bearer <key>.' })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  create(@Param('id') userId: string, @Body() dto: CreateApiKeyDto, @CurrentActor() actor: Actor) {
    return this.keys.create(userId, dto, actor);
  }

  @Get('users/:id/api-keys')
  @Roles('admin')
  @ApiOperation({ summary: "List a user's API keys", description: 'Never the key itself (only its prefix).' })
  @ApiList({ resource: 'api-keys', type: ApiKeyDto, filters: API_KEY_FILTERS, sorts: API_KEY_SORTS })
  async listForUser(@Param('id') userId: string, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response) {
    const { rows, total, offset } = await this.keys.listForUser(userId, query);
    res.setHeader('Content-Range', contentRange('api-keys', offset, rows.length, total));
    return rows;
  }

  @Get('api-keys')
  @Roles('admin')
  @ApiOperation({ summary: 'List API keys', description: 'Never the key itself (only its prefix).' })
  @ApiList({ resource: 'api-keys', type: ApiKeyDto, filters: API_KEY_FILTERS, sorts: API_KEY_SORTS })
  async list(@Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response) {
    const { rows, total, offset } = await this.keys.list(query);
    res.setHeader('Content-Range', contentRange('api-keys', offset, rows.length, total));
    return rows;
  }

  @Put('api-keys/:id')
  @Roles('admin')
  @ApiOperation({ summary: "Change an API key's name, bindings or autoFreeze", description: 'Bindings can be set, never cleared; autoFreeze needs bankCodes. A revoked key → 409.' })
  @ApiOkResponse({ type: ApiKeyDto })
  update(@Param('id') id: string, @Body() dto: UpdateApiKeyDto, @CurrentActor() actor: Actor) {
    return this.keys.update(id, dto, actor);
  }

  @Delete('api-keys/:id')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API key (at once)' })
  @ApiNoContentResponse()
  async revoke(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<void> {
    await this.keys.revoke(id, actor);
  }
}
