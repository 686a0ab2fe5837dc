import { Controller, HttpCode, Param, Post, Req, type RawBodyRequest } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../auth/auth.decorators';
import { correlationIdOf } from '../common/correlation-id';
import { BankCallbackDto } from './bank-callback.dto';
import { BankCallbacksService } from './bank-callbacks.service';

@ApiTags('bank-callbacks')
@Controller('bank-callbacks')
export class BankCallbacksController {
  constructor(private readonly callbacks: BankCallbacksService) {}

  /** Public: checked by the Standard Webhooks signature with the bank's secret (or the previous one during a rotation). */
  @Public()
  @Post(':bankCode')
  @HttpCode(200)
  @ApiHeader({ name: 'webhook-id', required: true, description: 'unique per message; a replay → 409 CALLBACK.REPLAY' })
  @ApiHeader({ name: 'webhook-timestamp', required: true, description: 'unix seconds; more than 5 minutes off → 401' })
  @ApiHeader({ name: 'webhook-signature', required: true, description: 'v1,<base64 HMAC-SHA256 of "id.timestamp.body">' })
  @ApiBody({ type: BankCallbackDto })
  @ApiOkResponse({ schema: { type: 'object', properties: { applied: { type: 'boolean' }, reason: { type: 'string' } } } })
  @ApiOperation({
    summary: 'A bank answers a freeze / unfreeze request (signed)',
    description:
      '401 CALLBACK.BAD_SIGNATURE (bad/missing signature, stale timestamp, unknown or inactive bank), 409 CALLBACK.REPLAY, ' +
      '422 CALLBACK.UNKNOWN_NOTIFICATION; a valid callback that no longer applies → 200 { applied: false, reason }.',
  })
  handle(@Param('bankCode') bankCode: string, @Req() req: RawBodyRequest<Request>) {
    return this.callbacks.handle(bankCode, req.headers, req.rawBody, req.body, correlationIdOf(req));
  }
}
