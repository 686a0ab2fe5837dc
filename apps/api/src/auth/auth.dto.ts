import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { LOCALES, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PERMISSIONS, ROLES, type ChangePasswordRequest, type MfaDisableRequest, type MfaEnrolmentView, type MfaRecoveryCodesView, type SessionView, type Locale, type LoginRequest, type LoginResponse, type MeView, type Permission, type Role, type SessionUserView, type UpdateMeRequest } from '@sentinel/contracts';

export { LOCALES };

@ApiSchema({ name: 'LoginRequest' })
export class LoginDto implements LoginRequest {
  @ApiProperty({ example: 'analyst@sentinel.local' })
  @IsString()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Sentinel-Demo-2026!' })
  @IsString()
  @MaxLength(200)
  password: string;

  @ApiPropertyOptional({ example: '492039', description: 'the second factor, when enrolled: a 6-digit TOTP code or a one-time recovery code' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  otp?: string;
}

@ApiSchema({ name: 'ChangePassword' })
export class ChangePasswordDto implements ChangePasswordRequest {
  @ApiProperty({ example: 'Sentinel-Demo-2026!' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  currentPassword: string;

  @ApiProperty({ example: 'a long passphrase of my own', minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, description: '12–200 characters, at least 5 different ones, not your e-mail address, not the current password' })
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH * 4)
  newPassword: string;
}

@ApiSchema({ name: 'MfaConfirm' })
export class MfaConfirmDto {
  @ApiProperty({ example: '492039', description: 'the current code of the authenticator app' })
  @IsString()
  @MinLength(1)
  @MaxLength(32)
  code: string;
}

@ApiSchema({ name: 'MfaDisable' })
export class MfaDisableDto implements MfaDisableRequest {
  @ApiProperty({ description: 'your current password' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password: string;

  @ApiProperty({ example: '492039', description: 'a current code or an unused recovery code' })
  @IsString()
  @MinLength(1)
  @MaxLength(32)
  otp: string;
}

@ApiSchema({ name: 'MfaReset' })
export class MfaResetDto {
  @ApiProperty({ example: 'lost phone, identity checked by phone call', description: 'why (recorded in the audit trail)' })
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  reason: string;
}

@ApiSchema({ name: 'UpdateMe' })
export class UpdateMeDto implements UpdateMeRequest {
  @ApiPropertyOptional({ example: 'Li Wei' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name?: string;

  @ApiPropertyOptional({ enum: LOCALES })
  @IsOptional()
  @IsIn(LOCALES as unknown as string[])
  locale?: Locale;

  @ApiPropertyOptional({ type: String, example: 'Asia/Shanghai', nullable: true, description: 'an IANA time zone; null = the browser\'s' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(64)
  timeZone?: string | null;
}


/** Response schemas (libs/contracts `auth.ts`). */
@ApiSchema({ name: 'SessionUser', description: 'The signed-in user.' })
export class SessionUserDto implements SessionUserView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'email', example: 'analyst@sentinel.local' }) email: string;
  @ApiProperty({ example: 'Chen Jie' }) name: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) teamId: string | null;
  @ApiProperty({ enum: LOCALES }) locale: Locale;
  @ApiProperty({ type: String, nullable: true, example: 'Asia/Shanghai' }) timeZone: string | null;
}

@ApiSchema({ name: 'LoginResponse' })
export class LoginResponseDto implements LoginResponse {
  @ApiProperty({ description: 'send as `Authorization: Bearer <token>`', example: 'sns_KU5l7mJrY1o2c0d9b8a7Z6y5X4w3V2u1' }) token: string;
  @ApiProperty({ format: 'date-time', description: 'when the session ends unless used (idle expiry, slides on use; absolute at most SESSION_MAX_HOURS)' }) expiresAt: string;
  @ApiProperty({ type: SessionUserDto }) user: SessionUserDto;
  @ApiPropertyOptional({ enum: [true], description: 'the password must be changed (`POST /api/auth/password`) before anything else' }) mustChangePassword?: boolean;
  @ApiPropertyOptional({ enum: [true], description: 'a second factor must be enrolled (`/api/auth/mfa/*`) before anything else' }) mfaEnrolmentRequired?: boolean;
}

@ApiSchema({ name: 'MfaEnrolment', description: 'A pending TOTP secret: add it to an authenticator app, then confirm with a code.' })
export class MfaEnrolmentDto implements MfaEnrolmentView {
  @ApiProperty({ example: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', description: 'base32, for manual entry' }) secret: string;
  @ApiProperty({ example: 'otpauth://totp/Sentinel%20SN:analyst%40sentinel.local?issuer=Sentinel%20SN&secret=JBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30', description: 'the otpauth URI (what a QR code holds)' }) otpauthUrl: string;
}

@ApiSchema({ name: 'MfaRecoveryCodes', description: 'One-time recovery codes, shown this once (stored hashed).' })
export class MfaRecoveryCodesDto implements MfaRecoveryCodesView {
  @ApiProperty({ type: [String], example: ['k7m2p-x9q4r', 'a3b8c-d5e6f'] }) recoveryCodes: string[];
}

@ApiSchema({ name: 'Session', description: 'A live sign-in session.' })
export class SessionDto implements SessionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) lastSeenAt: string;
  @ApiProperty({ format: 'date-time', description: 'when it ends unless used (idle), at most its absolute expiry' }) expiresAt: string;
  @ApiProperty({ type: String, nullable: true, example: '10.1.2.3' }) clientIp: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Mozilla/5.0 …' }) userAgent: string | null;
  @ApiProperty({ description: 'the session of the token that asked' }) current: boolean;
}

@ApiSchema({ name: 'Me' })
export class MeDto extends SessionUserDto implements MeView {
  @ApiProperty({ enum: PERMISSIONS, isArray: true, example: ['cases:read', 'cases:act'] }) permissions: readonly Permission[];
  @ApiProperty({ description: 'FORCE_PASSWORD_CHANGE and an admin set the password: change it before anything else' }) mustChangePassword: boolean;
  @ApiProperty({ description: 'a TOTP second factor is enrolled' }) mfaEnabled: boolean;
  @ApiProperty({ description: 'MFA_REQUIRED and no second factor yet (admins, supervisors): enrol before anything else' }) mfaEnrolmentRequired: boolean;
}
