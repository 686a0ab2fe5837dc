import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';

export const LOCALES = ['en', 'zh-CN'] as const;

export class LoginDto {
  @ApiProperty({ example: 'analyst@sentinel.local' })
  @IsString()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Sentinel-Demo-2026!' })
  @IsString()
  @MaxLength(200)
  password: string;
}

export class UpdateMeDto {
  @ApiPropertyOptional({ example: 'Li Wei' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name?: string;

  @ApiPropertyOptional({ enum: LOCALES })
  @IsOptional()
  @IsIn(LOCALES as unknown as string[])
  locale?: string;

  @ApiPropertyOptional({ example: 'Asia/Shanghai', nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(64)
  timeZone?: string | null;
}

