import { RecordUpdateDto } from '../common/record-update.dto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { Allow, IsBoolean, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, registerDecorator } from 'class-validator';
import { isValidWebhookSecret } from '@sentinel/domain';
import { BANK_CODE_MESSAGE, BANK_CODE_PATTERN, OptionalNotNull, OptionalNullable, trim, upper } from '../users/validators';

export const SECRET_MESSAGE = 'must be whsec_ followed by the standard base64 of 24–64 random bytes';
export const MAX_GRACE_HOURS = 720;

/** http(s) URL with a host and no credentials; the address rule (https, public addresses) is the service's check. */
export function isHttpUrl(v: unknown): boolean {
  if (typeof v !== 'string' || v.length > 2000) return false;
  try {
    const u = new URL(v);
    return (u.protocol === 'http:' || u.protocol === 'https:') && !!u.hostname && !u.username && !u.password;
  } catch {
    return false;
  }
}

function IsHttpUrl(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isHttpUrl',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: 'must be an http(s) URL without credentials' },
      validator: { validate: isHttpUrl },
    });
}

function IsWebhookSecret(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isWebhookSecret',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: SECRET_MESSAGE },
      validator: { validate: (v: unknown) => isValidWebhookSecret(v) },
    });
}

export class BankDto {
  @ApiProperty({ format: 'uuid', readOnly: true })
  id: string;

  @ApiProperty({ example: 'ICBC', pattern: '^[A-Z0-9_]{2,16}$', description: 'fixed once created' })
  code: string;

  @ApiProperty({ example: 'Industrial and Commercial Bank of China' })
  name: string;

  @ApiProperty({ type: String, example: 'https://gateway.icbc.example/sentinel/webhook', nullable: true })
  webhookUrl: string | null;

  @ApiProperty()
  active: boolean;

  @ApiProperty({ example: 24, description: 'how long the previous secret stays valid after a rotation' })
  secretGraceHours: number;

  @ApiProperty({ readOnly: true, description: 'a previous secret is still valid (rotation in progress)' })
  hasPreviousSecret: boolean;

  @ApiProperty({ type: String, readOnly: true, nullable: true })
  previousSecretExpiresAt: string | null;

  @ApiProperty({ readOnly: true })
  createdAt: string;

  @ApiProperty({ readOnly: true })
  updatedAt: string;
}

export class CreatedBankDto extends BankDto {
  @ApiPropertyOptional({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', description: 'only when the server generated it: shown this once' })
  secret?: string;
}

export class SecretRotationDto {
  @ApiProperty({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', description: 'the new current secret, shown this once' })
  secret: string;

  @ApiProperty({ type: String, nullable: true, description: 'until when the previous secret is still accepted' })
  previousSecretExpiresAt: string | null;
}

export class RotateSecretDto {
  @ApiPropertyOptional({
    default: false,
    description: 'the secret leaked: no older secret is accepted or used from now on, whatever `secretGraceHours` says',
  })
  @OptionalNotNull()
  @IsBoolean()
  emergency?: boolean;
}

export class CreateBankDto {
  @ApiProperty({ example: 'ICBC', pattern: '^[A-Z0-9_]{2,16}$', description: 'upper-cased' })
  @Transform(upper)
  @IsString()
  @Matches(BANK_CODE_PATTERN, { message: BANK_CODE_MESSAGE })
  code: string;

  @ApiProperty({ example: 'Industrial and Commercial Bank of China' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ type: String, example: 'https://gateway.icbc.example/sentinel/webhook', nullable: true })
  @OptionalNullable()
  @IsHttpUrl()
  webhookUrl?: string | null;

  @ApiPropertyOptional({ default: true })
  @OptionalNotNull()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ default: 24, minimum: 0, maximum: MAX_GRACE_HOURS })
  @OptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(MAX_GRACE_HOURS)
  secretGraceHours?: number;

  @ApiPropertyOptional({ writeOnly: true, example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', description: 'left out: one is generated and returned once' })
  @OptionalNullable()
  @IsWebhookSecret()
  secret?: string | null;
}

/** PUT takes the record back; read-only and derived fields are accepted and ignored. */
export class UpdateBankDto extends RecordUpdateDto {
  @ApiPropertyOptional({ type: Boolean, readOnly: true, description: 'ignored' })
  @IsOptional()
  @Allow()
  hasPreviousSecret?: unknown;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, readOnly: true, description: 'ignored' })
  @IsOptional()
  @Allow()
  previousSecretExpiresAt?: unknown;

  @ApiPropertyOptional({ description: 'fixed once created: a different value → 403' })
  @OptionalNotNull()
  @Transform(upper)
  @IsString()
  @MaxLength(64)
  code?: string;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @OptionalNullable()
  @IsHttpUrl()
  webhookUrl?: string | null;

  @ApiPropertyOptional({ description: 'false deactivates: no new freeze requests, callbacks refused' })
  @OptionalNotNull()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_GRACE_HOURS })
  @OptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(MAX_GRACE_HOURS)
  secretGraceHours?: number;

  @ApiPropertyOptional({ writeOnly: true, description: 'a new secret becomes current; the previous one stays valid for secretGraceHours' })
  @OptionalNullable()
  @IsWebhookSecret()
  secret?: string | null;
}
