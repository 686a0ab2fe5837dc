import { DomainError } from '../errors';
import { optionalText, requireOneOf, requirePastTime, requireText, requireTime } from './payload-rules';

const NOW = new Date('2026-11-25T08:00:00.000Z');

function fieldError(fn: () => unknown): { field: string; code: string; message: string } {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    const err = e as DomainError;
    expect(err.code).toBe('VALIDATION.FAILED');
    const [field, { code, message }] = Object.entries(err.fields ?? {})[0];
    return { field, code, message };
  }
  throw new Error('expected a DomainError');
}

describe('payload rules', () => {
  it.each<[string, () => unknown, string, string]>([
    ['text of the wrong type', () => optionalText({ note: 42 }, 'note'), 'note', 'INVALID_TYPE'],
    ['missing required text', () => requireText({}, 'reason'), 'reason', 'REQUIRED'],
    ['blank required text', () => requireText({ reason: '   ' }, 'reason'), 'reason', 'REQUIRED'],
    ['a missing choice', () => requireOneOf({}, 'channel', ['phone', 'email']), 'channel', 'REQUIRED'],
    ['a choice not allowed', () => requireOneOf({ channel: 'fax' }, 'channel', ['phone', 'email']), 'channel', 'NOT_ALLOWED'],
    ['a missing time', () => requireTime({}, 'at'), 'at', 'REQUIRED'],
    ['an empty time', () => requireTime({ at: '' }, 'at'), 'at', 'REQUIRED'],
    ['a time that does not parse', () => requireTime({ at: 'yesterday' }, 'at'), 'at', 'INVALID_TIME'],
    ['a time of the wrong type', () => requireTime({ at: 17 }, 'at'), 'at', 'INVALID_TIME'],
    ['a time in the future', () => requirePastTime({ at: '2026-11-25T08:00:01Z' }, 'at', NOW), 'at', 'IN_FUTURE'],
  ])('should refuse %s with a field code', (_label, fn, field, code) => {
    expect(fieldError(fn)).toMatchObject({ field, code, message: expect.any(String) });
  });

  it.each<[string, () => unknown, unknown]>([
    ['absent optional text', () => optionalText({}, 'note'), null],
    ['trimmed text', () => requireText({ reason: '  lost  ' }, 'reason'), 'lost'],
    ['an allowed choice', () => requireOneOf({ channel: 'email' }, 'channel', ['phone', 'email']), 'email'],
    ['a time at now', () => requirePastTime({ at: NOW.toISOString() }, 'at', NOW).toISOString(), NOW.toISOString()],
  ])('should accept %s', (_label, fn, expected) => {
    expect(fn()).toEqual(expected);
  });
});
