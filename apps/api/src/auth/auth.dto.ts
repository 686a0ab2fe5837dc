import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { LOCALES, PERMISSIONS, ROLES, type Locale, type LoginRequest, type LoginResponse, type MeView, type Permission, type Role, type SessionUserView, type UpdateMeRequest } from '@sentinel/contracts';

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
}

@ApiSchema({ name: 'Me' })
export class MeDto extends SessionUserDto implements MeView {
  @ApiProperty({ enum: PERMISSIONS, isArray: true, example: ['cases:read', 'cases:act'] }) permissions: readonly Permission[];
}
