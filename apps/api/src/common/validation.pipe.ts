import { ValidationError, ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import type { FieldErrors } from '@sentinel/domain';
import { fieldCodeOf } from './field-codes';
import { ProblemException, validationFailed } from './problem.exception';

/**
 * Flattens class-validator errors to dotted paths (`transactions.3.maskedPan`), each with its message and its
 * stable field code (`field-codes.ts`): one constraint per field decides both.
 */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): { unknown: string[]; fields: FieldErrors } {
  const unknown: string[] = [];
  const fields: FieldErrors = {};
  for (const e of errors) {
    const path = parent ? `${parent}.${e.property}` : e.property;
    const constraints = e.constraints ?? {};
    if (constraints['whitelistValidation']) unknown.push(path);
    // nestedValidation ("nested property x must be either object or array") comes last; it is the message
    // only when nothing else failed.
    const keys = Object.keys(constraints).filter((k) => k !== 'whitelistValidation');
    const candidates = keys.length > 1 ? keys.filter((k) => k !== 'nestedValidation') : keys;
    // A missing value fails every constraint: say so. Otherwise class-validator lists constraints in reverse
    // declaration order, so the last one is the field's first decorator (its type check: "must be a string"),
    // a better first message than "must be shorter than or equal to 4000 characters".
    const key = candidates[candidates.length - 1];
    if (key !== undefined) {
      const missing = 'value' in e && (e.value === undefined || e.value === null);
      fields[path] = missing ? { code: 'REQUIRED', message: 'is required' } : { code: fieldCodeOf(key), message: messageOf(e.property, key, constraints[key]) };
    }
    if (e.children?.length) {
      const nested = flattenValidationErrors(e.children, path);
      unknown.push(...nested.unknown);
      Object.assign(fields, nested.fields);
    }
  }
  return { unknown, fields };
}

function messageOf(property: string, key: string, text: string): string {
  if (key === 'nestedValidation') return 'must be an object';
  return text.replace(new RegExp(`^${escapeRe(property)}\\s+`), '').replace(/^each value in \S+ /, '');
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Deeper JSON than any request of this API needs (a report is 4 levels deep). */
export const MAX_BODY_DEPTH = 32;

/**
 * Refuses values nested deeper than MAX_BODY_DEPTH, walking without recursion: a 1 MB body can nest
 * 500 000 levels, and the recursive walks of the validation pipe / class-transformer would otherwise
 * overflow the stack (a 500 for client input).
 */
export function assertBodyDepth(value: unknown, max = MAX_BODY_DEPTH): void {
  const stack: Array<[object, number]> = value !== null && typeof value === 'object' ? [[value, 0]] : [];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (depth >= max) throw new ProblemException('REQUEST.MALFORMED', `The request is nested too deeply (more than ${max} levels)`, { maxDepth: max });
    for (const child of Object.values(v)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
}

/** Nest's ValidationPipe behind a nesting-depth check. */
class ProblemValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query') assertBodyDepth(value);
    return super.transform(value, metadata);
  }
}

/** The production pipe (also used by tests): unknown fields → 400, invalid fields → 422 keyed by path. */
export function createValidationPipe(): ValidationPipe {
  return new ProblemValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: true }, // value only to tell a missing field; never echoed
    exceptionFactory: (errors) => {
      const { unknown, fields } = flattenValidationErrors(errors);
      if (unknown.length) {
        return new ProblemException(
          'REQUEST.UNKNOWN_FIELD',
          `Unknown field${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`,
          { fields: unknown },
        );
      }
      return validationFailed(fields);
    },
  });
}
