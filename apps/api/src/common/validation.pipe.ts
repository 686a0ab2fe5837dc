import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ProblemException } from './problem.exception';

/** Flattens class-validator errors to dotted paths (`transactions.3.maskedPan`). */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): { unknown: string[]; fields: Record<string, string> } {
  const unknown: string[] = [];
  const fields: Record<string, string> = {};
  for (const e of errors) {
    const path = parent ? `${parent}.${e.property}` : e.property;
    const constraints = e.constraints ?? {};
    if (constraints['whitelistValidation']) unknown.push(path);
    const messages = Object.entries(constraints)
      .filter(([k]) => k !== 'whitelistValidation')
      .map(([, v]) => v.replace(new RegExp(`^${escapeRe(e.property)}\\s+`), '').replace(/^each value in \S+ /, ''));
    // A missing value fails every constraint: say so. Otherwise class-validator lists constraints in reverse
    // declaration order, so the last one is the field's first decorator (its type check: "must be a string"),
    // a better first message than "must be shorter than or equal to 4000 characters".
    if (messages.length) fields[path] = 'value' in e && (e.value === undefined || e.value === null) ? 'is required' : messages[messages.length - 1];
    if (e.children?.length) {
      const nested = flattenValidationErrors(e.children, path);
      unknown.push(...nested.unknown);
      Object.assign(fields, nested.fields);
    }
  }
  return { unknown, fields };
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The production pipe (also used by tests): unknown fields → 400, invalid fields → 422 keyed by path. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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
      return new ProblemException(
        'VALIDATION.FAILED',
        `Invalid input: ${Object.entries(fields).map(([k, v]) => `${k} ${v}`).join('; ')}`,
        undefined,
        fields,
      );
    },
  });
}
