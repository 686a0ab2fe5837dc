import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { FIELD_CODES } from '@sentinel/contracts';
import { CONSTRAINT_FIELD_CODES } from './field-codes';
import { ProblemException } from './problem.exception';
import { createValidationPipe } from './validation.pipe';

class Item {
  @IsString()
  @Matches(/^\d{6}\*+\d{4}$/, { message: 'must be masked' })
  maskedPan: string;
}

class Body {
  @IsString()
  @MinLength(6)
  @MaxLength(32)
  sn: string;

  @IsIn(['a', 'b'])
  kind: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(99)
  percent?: number;

  @IsOptional()
  @IsISO8601({ strict: true })
  at?: string;

  @IsOptional()
  @IsUUID()
  teamId?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(2)
  @ValidateNested({ each: true })
  @Type(() => Item)
  items?: Item[];
}

async function problemOf(value: unknown): Promise<ProblemException> {
  try {
    await createValidationPipe().transform(value, { type: 'body', metatype: Body });
  } catch (e) {
    return e as ProblemException;
  }
  throw new Error('expected the pipe to refuse the body');
}

describe('validation pipe field codes', () => {
  it.each<[string, Record<string, unknown>, Record<string, string>]>([
    ['missing fields', {}, { sn: 'REQUIRED', kind: 'REQUIRED' }],
    ['a wrong type', { sn: 42, kind: 'a' }, { sn: 'INVALID_TYPE' }],
    ['too short', { sn: 'AB', kind: 'a' }, { sn: 'TOO_SHORT' }],
    ['too long', { sn: 'A'.repeat(33), kind: 'a' }, { sn: 'TOO_LONG' }],
    ['not one of the values', { sn: 'ABCDEF', kind: 'z' }, { kind: 'NOT_ALLOWED' }],
    ['out of range', { sn: 'ABCDEF', kind: 'a', percent: 100 }, { percent: 'OUT_OF_RANGE' }],
    ['not an integer', { sn: 'ABCDEF', kind: 'a', percent: 1.5 }, { percent: 'INVALID_TYPE' }],
    ['not a time', { sn: 'ABCDEF', kind: 'a', at: 'yesterday' }, { at: 'INVALID_TIME' }],
    ['not a UUID', { sn: 'ABCDEF', kind: 'a', teamId: 'x' }, { teamId: 'PATTERN' }],
    ['too many items', { sn: 'ABCDEF', kind: 'a', items: [{ maskedPan: '622848******1234' }, { maskedPan: '622848******1234' }, { maskedPan: '622848******1234' }] }, { items: 'TOO_MANY' }],
    ['a nested pattern', { sn: 'ABCDEF', kind: 'a', items: [{ maskedPan: '1234' }] }, { 'items.0.maskedPan': 'PATTERN' }],
  ])('should code %s', async (_label, body, codes) => {
    const p = await problemOf(body);
    expect(p.code).toBe('VALIDATION.FAILED');
    expect(Object.fromEntries(Object.entries(p.fields ?? {}).map(([k, v]) => [k, v.code]))).toEqual(codes);
    expect(Object.keys(p.errors ?? {})).toEqual(Object.keys(codes));
  });

  it('should keep unknown fields a 400 without field codes', async () => {
    const p = await problemOf({ sn: 'ABCDEF', kind: 'a', colour: 'red' });
    expect(p.code).toBe('REQUEST.UNKNOWN_FIELD');
    expect(p.fields).toBeUndefined();
  });

  it('should map constraints only to documented codes', () => {
    for (const code of Object.values(CONSTRAINT_FIELD_CODES)) expect(FIELD_CODES).toContain(code);
  });
});
