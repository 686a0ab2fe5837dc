import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { OptionalNotNull, trim } from '../users/validators';

/*
 * The fields a clock policy's PUT may change, shared by SLA policies (per stage) and regulatory policies (per kind):
 * optional, never null, checked further by the service (a valid ISO duration, a known calendar). Listed bottom-up,
 * in the order stacked decorators are applied.
 */

/** `target`: an ISO 8601 duration, 2–40 characters after trimming. */
export const PolicyTarget = (example: string) =>
  applyDecorators(MaxLength(40), MinLength(2), IsString(), Transform(trim), OptionalNotNull(), ApiPropertyOptional({ example }));

/** `calendarId`: 1–40 characters. */
export const PolicyCalendarId = () => applyDecorators(MaxLength(40), MinLength(1), IsString(), OptionalNotNull(), ApiPropertyOptional({ example: 'business' }));

/** `warnAtPercent`: a whole percentage from 1 to 99. */
export const PolicyWarnAtPercent = () => applyDecorators(Max(99), Min(1), IsInt(), OptionalNotNull(), ApiPropertyOptional({ example: 80 }));
