/** RFC 9457 problem details as served by the API (docs/api.md "Conventions"). */
export const PROBLEM_CODES = {
  'REQUEST.MALFORMED': 400,
  'REQUEST.UNKNOWN_FIELD': 400,
  'AUTH.UNAUTHENTICATED': 401,
  'CALLBACK.BAD_SIGNATURE': 401,
  'AUTH.FORBIDDEN': 403,
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
  RATE_LIMITED: 429,
  INTERNAL: 500,
  'DEPENDENCY.UNAVAILABLE': 503,
} as const;
export type ProblemCode = keyof typeof PROBLEM_CODES;

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
  /** Machine-readable parameters of a rule failure (e.g. { missing: ['police_receipt'] }). */
  params?: Record<string, unknown>;
}
