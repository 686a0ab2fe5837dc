import type { FieldCode } from '@sentinel/contracts';

/**
 * class-validator constraint name → the stable field code served in `fieldCodes` (docs/api.md "Conventions").
 * A constraint not listed here (a new custom validator) is served as `INVALID`; add it here with its code.
 */
export const CONSTRAINT_FIELD_CODES: Readonly<Record<string, FieldCode>> = {
  isDefined: 'REQUIRED',
  isNotEmpty: 'REQUIRED',
  isNotEmptyObject: 'REQUIRED',
  arrayNotEmpty: 'TOO_FEW',

  isString: 'INVALID_TYPE',
  isNumber: 'INVALID_TYPE',
  isInt: 'INVALID_TYPE',
  isBoolean: 'INVALID_TYPE',
  isObject: 'INVALID_TYPE',
  isArray: 'INVALID_TYPE',
  isDate: 'INVALID_TYPE',
  nestedValidation: 'INVALID_TYPE',

  matches: 'PATTERN',
  isUuid: 'PATTERN',
  isEmail: 'PATTERN',
  isUrl: 'PATTERN',
  isHttpUrl: 'PATTERN',
  isWebhookSecret: 'PATTERN',
  isAlphanumeric: 'PATTERN',
  isHexadecimal: 'PATTERN',
  isISO4217CurrencyCode: 'PATTERN',
  isLocale: 'PATTERN',

  minLength: 'TOO_SHORT',
  maxLength: 'TOO_LONG',
  arrayMinSize: 'TOO_FEW',
  arrayMaxSize: 'TOO_MANY',

  min: 'OUT_OF_RANGE',
  max: 'OUT_OF_RANGE',
  isPositive: 'OUT_OF_RANGE',
  isNegative: 'OUT_OF_RANGE',
  isLatitude: 'OUT_OF_RANGE',
  isLongitude: 'OUT_OF_RANGE',
  minDate: 'OUT_OF_RANGE',
  maxDate: 'OUT_OF_RANGE',

  isIn: 'NOT_ALLOWED',
  isEnum: 'NOT_ALLOWED',
  equals: 'NOT_ALLOWED',
  notEquals: 'NOT_ALLOWED',
  isNotIn: 'NOT_ALLOWED',
  arrayUnique: 'NOT_ALLOWED',
  isTimeZone: 'NOT_ALLOWED',
  isIanaTimeZone: 'NOT_ALLOWED',

  isIso8601: 'INVALID_TIME',
  isDateString: 'INVALID_TIME',
  isRFC3339: 'INVALID_TIME',
};

export function fieldCodeOf(constraint: string): FieldCode {
  return CONSTRAINT_FIELD_CODES[constraint] ?? 'INVALID';
}
