import { UpdateRegulatoryPolicyDto } from '../regulatory/regulatory-policy.dto';
import { UpdateSlaPolicyDto } from '../sla/sla-policy.dto';
import { ProblemException } from './problem.exception';
import { createValidationPipe } from './validation.pipe';

const pipe = createValidationPipe();
const DTOS = [
  ['SLA', UpdateSlaPolicyDto],
  ['regulatory', UpdateRegulatoryPolicyDto],
] as const;

async function codesOf(metatype: (typeof DTOS)[number][1], body: unknown): Promise<Record<string, string>> {
  try {
    await pipe.transform(body, { type: 'body', metatype });
  } catch (e) {
    const p = e as ProblemException;
    expect(p.code).toBe('VALIDATION.FAILED');
    return Object.fromEntries(Object.entries(p.fields ?? {}).map(([k, v]) => [k, v.code]));
  }
  throw new Error('expected the pipe to refuse the body');
}

describe.each(DTOS)('%s policy update fields', (_name, metatype) => {
  it.each<[string, Record<string, unknown>, Record<string, string>]>([
    ['a null target', { target: null }, { target: 'REQUIRED' }],
    ['a target that is only blanks', { target: '   ' }, { target: 'TOO_SHORT' }],
    ['a long target', { target: `P${'1'.repeat(40)}D` }, { target: 'TOO_LONG' }],
    ['an empty calendar id', { calendarId: '' }, { calendarId: 'TOO_SHORT' }],
    ['a null calendar id', { calendarId: null }, { calendarId: 'REQUIRED' }],
    ['a warning at 100 %', { warnAtPercent: 100 }, { warnAtPercent: 'OUT_OF_RANGE' }],
    ['a warning at 0 %', { warnAtPercent: 0 }, { warnAtPercent: 'OUT_OF_RANGE' }],
    ['a fractional warning', { warnAtPercent: 50.5 }, { warnAtPercent: 'INVALID_TYPE' }],
  ])('should refuse %s', async (_label, body, codes) => {
    expect(await codesOf(metatype, body)).toEqual(codes);
  });

  it('should take the fields it may change, trimming the target, and leave out what was not sent', async () => {
    const dto = (await pipe.transform({ target: ' PT2H ', calendarId: 'business', warnAtPercent: 75, updatedAt: 'x' }, { type: 'body', metatype })) as Record<string, unknown>;
    expect(dto).toMatchObject({ target: 'PT2H', calendarId: 'business', warnAtPercent: 75 });
    expect(await pipe.transform({}, { type: 'body', metatype })).toEqual({});
  });
});
