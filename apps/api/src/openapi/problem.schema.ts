import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { FIELD_CODES, PROBLEM_CODES, type FieldCode, type ProblemCode, type ProblemDetails } from '@sentinel/contracts';

/** RFC 9457 problem details as every error of the API is served (libs/contracts `ProblemDetails`). */
@ApiSchema({
  name: 'Problem',
  description: 'RFC 9457 problem details (`application/problem+json`), for every error including 500. Clients act on `code`; `message` is for people.',
})
export class ProblemDto implements ProblemDetails {
  @ApiProperty({ format: 'uri', example: 'https://sentinel-sn.dev/problems/validation-failed' })
  type: string;

  @ApiProperty({ example: 'Unprocessable content' })
  title: string;

  @ApiProperty({ type: 'integer', example: 422 })
  status: number;

  @ApiProperty({ example: 'Invalid input: sn must be 6–32 characters of A–Z, 0–9 and -' })
  detail: string;

  @ApiProperty({ description: 'the same as `detail` (react-admin shows `message`)', example: 'Invalid input: sn must be 6–32 characters of A–Z, 0–9 and -' })
  message: string;

  @ApiProperty({ enum: Object.keys(PROBLEM_CODES), description: 'stable code; the status of each is in docs/api.md "Conventions"', example: 'VALIDATION.FAILED' })
  code: ProblemCode;

  @ApiPropertyOptional({ description: 'the request path', example: '/api/reports' })
  instance?: string;

  @ApiProperty({ description: 'also the `x-correlation-id` response header; quote it to support', example: '6f1c2a4e-8d3b-4f7a-9c21-0b5e3d7a9f10' })
  correlationId: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'field path -> English message (422 `VALIDATION.FAILED`, `PAN.DETECTED`)',
    example: { sn: 'must be 6–32 characters of A–Z, 0–9 and -' },
  })
  errors?: Record<string, string>;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', enum: [...FIELD_CODES] },
    description: 'field path -> stable code, for every key of `errors`',
    example: { sn: 'PATTERN' },
  })
  fieldCodes?: Record<string, FieldCode>;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'machine-readable details of a rule, e.g. `{ "missing": ["police_receipt"] }` for `CASE.EXIT_RULE_UNMET`',
    example: { missing: ['police_receipt'] },
  })
  params?: Record<string, unknown>;
}
