import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, MaxLength, MinLength, validate } from 'class-validator';
import { CALLBACK_NOT_APPLIED_REASONS, CALLBACK_TYPES, type BankCallbackBody, type BankCallbackResult, type CallbackNotAppliedReason, type CallbackType } from '@sentinel/contracts';
import { ProblemException, validationFailed } from '../common/problem.exception';
import { flattenValidationErrors } from '../common/validation.pipe';

/** Body of POST /api/bank-callbacks/:bankCode (docs/api.md "Banks and notifications"). */
@ApiSchema({ name: 'BankCallback' })
export class BankCallbackDto implements BankCallbackBody {
  @ApiProperty({ enum: CALLBACK_TYPES })
  @IsIn(CALLBACK_TYPES)
  type: CallbackType;

  @ApiProperty({ format: 'uuid', description: 'the id of the notification (our webhook-id) this answers' })
  @IsUUID()
  notificationId: string;

  @ApiProperty({ example: 'SNC-2026-000123' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  caseReference: string;

  @ApiPropertyOptional({ example: 'ICBC-FRZ-20261125-0042' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  bankReference?: string;

  @ApiPropertyOptional({ description: 'why the bank rejected the freeze' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;

  @ApiProperty({ example: '2026-11-25T10:15:00+08:00', description: 'when the bank acted' })
  @IsISO8601({ strict: true, strictSeparator: true })
  at: string;
}

@ApiSchema({ name: 'BankCallbackResult' })
export class BankCallbackResultDto implements BankCallbackResult {
  @ApiProperty() applied: boolean;
  @ApiPropertyOptional({ enum: CALLBACK_NOT_APPLIED_REASONS, description: 'why a valid callback changed nothing' }) reason?: CallbackNotAppliedReason;
}

/**
 * Validated after the signature check (never before: an unsigned request learns nothing about the body
 * rules), exactly like the global pipe: unknown field → 400, invalid → 422.
 */
export async function validateCallbackBody(body: unknown): Promise<BankCallbackDto> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ProblemException('REQUEST.MALFORMED', 'The body must be a JSON object');
  }
  const dto = plainToInstance(BankCallbackDto, body);
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: true } });
  if (errors.length) {
    const { unknown, fields } = flattenValidationErrors(errors);
    if (unknown.length) throw new ProblemException('REQUEST.UNKNOWN_FIELD', `Unknown field(s): ${unknown.join(', ')}`, { fields: unknown });
    throw validationFailed(fields);
  }
  return dto;
}
