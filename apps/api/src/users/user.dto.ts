import { RecordUpdateDto } from '../common/record-update.dto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { ROLES, type Role } from '@sentinel/contracts';
import { LOCALES } from '../auth/auth.dto';
import { IsIanaTimeZone, OptionalNotNull, OptionalNullable, trim } from './validators';

export const PASSWORD_MIN = 10;

/** What every caller allowed to list users sees (supervisors, auditors). */
export class UserSummaryDto {
  @ApiProperty({ format: 'uuid', readOnly: true })
  id: string;

  @ApiProperty({ example: 'Li Wei' })
  name: string;

  @ApiProperty({ enum: ROLES, example: 'analyst' })
  role: Role;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  teamId: string | null;

  @ApiProperty({ example: true })
  active: boolean;
}

/** Admins also see contact and account fields. */
export class UserDto extends UserSummaryDto {
  @ApiPropertyOptional({ example: 'li.wei@bank.example', description: 'admins only' })
  email?: string;

  @ApiPropertyOptional({ enum: LOCALES, description: 'admins only' })
  locale?: string;

  @ApiPropertyOptional({ type: String, example: 'Asia/Shanghai', nullable: true, description: 'admins only' })
  timeZone?: string | null;

  @ApiPropertyOptional({ readOnly: true, description: 'admins only' })
  createdAt?: string;

  @ApiPropertyOptional({ readOnly: true, description: 'admins only' })
  updatedAt?: string;
}

export class CreateUserDto {
  @ApiProperty({ example: 'li.wei@bank.example' })
  @Transform(trim)
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Li Wei' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name: string;

  @ApiProperty({ enum: ROLES, example: 'analyst' })
  @IsIn(ROLES as unknown as string[], { message: `must be one of ${ROLES.join(', ')}` })
  role: Role;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @OptionalNullable()
  @IsUUID('all', { message: 'must be a team id' })
  teamId?: string | null;

  @ApiPropertyOptional({ example: 'Correct-Horse-Battery-9', minLength: PASSWORD_MIN, writeOnly: true, description: 'write-only; leave out for an API-key-only machine client' })
  @OptionalNullable()
  @IsString()
  @MinLength(PASSWORD_MIN, { message: `must be at least ${PASSWORD_MIN} characters` })
  @MaxLength(200)
  password?: string | null;

  @ApiPropertyOptional({ enum: LOCALES, default: 'en' })
  @OptionalNotNull()
  @IsIn(LOCALES as unknown as string[], { message: `must be one of ${LOCALES.join(', ')}` })
  locale?: string;

  @ApiPropertyOptional({ type: String, example: 'Asia/Shanghai', nullable: true })
  @OptionalNullable()
  @IsIanaTimeZone()
  timeZone?: string | null;
}

/**
 * PUT /api/users/:id takes the record as react-admin sends it back. Left-out fields stay unchanged;
 * read-only fields are accepted and ignored; `null` clears the nullable ones (teamId, timeZone).
 */
export class UpdateUserDto extends RecordUpdateDto {
  @ApiPropertyOptional({ example: 'li.wei@bank.example' })
  @OptionalNotNull()
  @Transform(trim)
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ example: 'Li Wei' })
  @OptionalNotNull()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name?: string;

  @ApiPropertyOptional({ enum: ROLES, description: 'an admin cannot change their own role (422 USER.OWN_ROLE)' })
  @OptionalNotNull()
  @IsIn(ROLES as unknown as string[], { message: `must be one of ${ROLES.join(', ')}` })
  role?: Role;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @OptionalNullable()
  @IsUUID('all', { message: 'must be a team id' })
  teamId?: string | null;

  @ApiPropertyOptional({ description: 'false deactivates: sessions and API keys revoked, open cases unassigned' })
  @OptionalNotNull()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ minLength: PASSWORD_MIN, writeOnly: true, description: 'write-only; null or left out = unchanged' })
  @OptionalNullable()
  @IsString()
  @MinLength(PASSWORD_MIN, { message: `must be at least ${PASSWORD_MIN} characters` })
  @MaxLength(200)
  password?: string | null;

  @ApiPropertyOptional({ enum: LOCALES })
  @OptionalNotNull()
  @IsIn(LOCALES as unknown as string[], { message: `must be one of ${LOCALES.join(', ')}` })
  locale?: string;

  @ApiPropertyOptional({ type: String, example: 'Asia/Shanghai', nullable: true })
  @OptionalNullable()
  @IsIanaTimeZone()
  timeZone?: string | null;
}
