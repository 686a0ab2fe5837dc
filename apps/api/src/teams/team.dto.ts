import { RecordUpdateDto } from '../common/record-update.dto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { BANK_CODE_MESSAGE, BANK_CODE_PATTERN, OptionalNotNull, trim, upperEach } from '../users/validators';

export class TeamDto {
  @ApiProperty({ format: 'uuid', readOnly: true })
  id: string;

  @ApiProperty({ example: 'East China desk' })
  name: string;

  @ApiProperty({ example: ['ICBC', 'BOC'], type: [String], description: 'banks whose new cases go to this team' })
  bankCodes: string[];

  @ApiProperty({ description: 'new cases of banks no team serves go to the default team (at most one)' })
  isDefault: boolean;

  @ApiProperty({ readOnly: true })
  createdAt: string;

  @ApiProperty({ readOnly: true })
  updatedAt: string;
}

export class CreateTeamDto {
  @ApiProperty({ example: 'East China desk' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name: string;

  @ApiPropertyOptional({ example: ['ICBC'], type: [String], default: [] })
  @OptionalNotNull()
  @Transform(upperEach)
  @IsArray()
  @ArrayMaxSize(200)
  @Matches(BANK_CODE_PATTERN, { each: true, message: BANK_CODE_MESSAGE })
  bankCodes?: string[];

  @ApiPropertyOptional({ default: false })
  @OptionalNotNull()
  @IsBoolean()
  isDefault?: boolean;
}

/** PUT takes the record back: id and timestamps accepted and ignored; left-out fields unchanged. */
export class UpdateTeamDto extends RecordUpdateDto {
  @ApiPropertyOptional({ example: 'East China desk' })
  @OptionalNotNull()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name?: string;

  @ApiPropertyOptional({ example: ['ICBC'], type: [String] })
  @OptionalNotNull()
  @Transform(upperEach)
  @IsArray()
  @ArrayMaxSize(200)
  @Matches(BANK_CODE_PATTERN, { each: true, message: BANK_CODE_MESSAGE })
  bankCodes?: string[];

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsBoolean()
  isDefault?: boolean;
}
