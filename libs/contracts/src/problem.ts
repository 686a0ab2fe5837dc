/** RFC 9457 problem details as served by the API (docs/api.md "Conventions"). */
export const PROBLEM_CODES = {
  'REQUEST.MALFORMED': 400,
  'REQUEST.UNKNOWN_FIELD': 400,
  'AUTH.UNAUTHENTICATED': 401,
  'CALLBACK.BAD_SIGNATURE': 401,
  'AUTH.MFA_REQUIRED': 401,
  'AUTH.FORBIDDEN': 403,
  'AUTH.PASSWORD_CHANGE_REQUIRED': 403,
  'AUTH.MFA_ENROLMENT_REQUIRED': 403,
  'AUTH.CSRF': 403,
  'CASE.NOT_OWNER': 403,
  'CASE.FOUR_EYES': 403,
  NOT_FOUND: 404,
  'METHOD.NOT_ALLOWED': 405,
  'CASE.VERSION_CONFLICT': 409,
  'CASE.ALREADY_ASSIGNED': 409,
  'CALLBACK.REPLAY': 409,
  CONFLICT: 409,
  'EVIDENCE.TOO_LARGE': 413,
  'REQUEST.TOO_LARGE': 413,
  'EVIDENCE.MEDIA_TYPE': 415,
  'REQUEST.MEDIA_TYPE': 415,
  'VALIDATION.FAILED': 422,
  'USER.LAST_ADMIN': 422,
  'USER.OWN_ROLE': 422,
  'CASE.ACTION_NOT_ALLOWED': 422,
  'CASE.EXIT_RULE_UNMET': 422,
  'CASE.STAGE_NOT_WAIVABLE': 422,
  'CASE.SN_HAS_OPEN_CASE': 422,
  'PAN.DETECTED': 422,
  'IDEMPOTENCY.KEY_REUSED': 422,
  'CALLBACK.UNKNOWN_NOTIFICATION': 422,
  'BANK.INACTIVE': 422,
  'HOLD.RENEWAL_LIMIT': 422,
  'HOLD.NOT_ACTIVE': 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  'DEPENDENCY.UNAVAILABLE': 503,
} as const;
export type ProblemCode = keyof typeof PROBLEM_CODES;

/**
 * Stable codes of field errors (docs/api.md "Conventions"): beside `errors` (field path -> English message) a
 * problem carries `fieldCodes` (field path -> one of these), so a client can say it in the user's language.
 */
export const FIELD_CODES = [
  /** missing, null or empty */
  'REQUIRED',
  /** the wrong JSON type (text, number, integer, boolean, object, list) */
  'INVALID_TYPE',
  /** text not in the required form (an SN, a bank code, a UUID, an e-mail or URL, an ISO duration, …) */
  'PATTERN',
  /** text shorter than its minimum */
  'TOO_SHORT',
  /** text longer than its maximum */
  'TOO_LONG',
  /** a list with fewer items than its minimum */
  'TOO_FEW',
  /** a list with more items than its maximum */
  'TOO_MANY',
  /** a number, date or duration outside its bounds */
  'OUT_OF_RANGE',
  /** not one of the allowed values, or a value this caller or this case may not use */
  'NOT_ALLOWED',
  /** not an ISO 8601 date-time */
  'INVALID_TIME',
  /** not an ISO 8601 calendar date (YYYY-MM-DD) */
  'INVALID_DATE',
  /** a recorded fact dated in the future */
  'IN_FUTURE',
  /** names a record that does not exist (team, bank, calendar, case) */
  'NOT_FOUND',
  /** already used where it must be unique (e.g. a bank code another team serves) */
  'TAKEN',
  /** holds what looks like a full card number (PAN.DETECTED) */
  'CARD_NUMBER',
  /** breaks another rule of the field; the message says which */
  'INVALID',
] as const;
export type FieldCode = (typeof FIELD_CODES)[number];

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** Same as detail: react-admin shows `message`. */
  message: string;
  code: ProblemCode;
  instance?: string;
  correlationId: string;
  /** Field path -> message, for VALIDATION.FAILED (react-admin marks the inputs). */
  errors?: Record<string, string>;
  /** Field path -> stable code, for every key of `errors`. */
  fieldCodes?: Record<string, FieldCode>;
  /** Machine-readable parameters of a rule failure (e.g. { missing: ['police_receipt'] }). */
  params?: Record<string, unknown>;
}
