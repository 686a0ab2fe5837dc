import { Controller, HttpCode, Param, Post, Req, type RawBodyRequest } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { BankCallbackResult } from '@sentinel/contracts';
import type { Request } from 'express';
import { Public } from '../auth/auth.decorators';
import { correlationIdOf } from '../common/correlation-id';
import { ApiProblem } from '../openapi/decorators';
import { BankCallbackDto, BankCallbackResultDto } from './bank-callback.dto';
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
  @ApiOkResponse({ type: BankCallbackResultDto, description: 'Applied, or valid but no longer applicable (`applied: false`, recorded as a case event).' })
  @ApiOperation({
    summary: 'Answer a freeze or unfreeze request (bank, signed)',
    description:
      'Signed like our notifications (Standard Webhooks) with the bank\'s secret, or the previous one during a rotation. Checks in order: bank and signature over the raw body, ' +
      'body, card numbers in `reason`, replay, the notification.',
  })
  @ApiProblem(401, '`CALLBACK.BAD_SIGNATURE`: a bad or missing signature, a timestamp more than 5 minutes off, or an unknown or inactive bank.')
  @ApiProblem(409, '`CALLBACK.REPLAY`: this `webhook-id` was seen (ids are kept at least 10 minutes).')
  @ApiProblem(422, '`VALIDATION.FAILED`, `PAN.DETECTED`, or `CALLBACK.UNKNOWN_NOTIFICATION` (not this bank\'s or this case\'s notification, or the wrong kind).')
  handle(@Param('bankCode') bankCode: string, @Req() req: RawBodyRequest<Request>): Promise<BankCallbackResult> {
    return this.callbacks.handle(bankCode, req.headers, req.rawBody, req.body, correlationIdOf(req));
  }
}
