/**
 * Errors of the SLA maths (durations and calendars). Plain `Error` subclass with a stable `code`, so the
 * API can map it to 422 `VALIDATION.FAILED` (field = the target / calendar field that was refused) without
 * this folder depending on the lib-wide DomainError.
 */
export type SlaErrorCode =
  | 'SLA.INVALID_DURATION'
  | 'SLA.DURATION_TOO_LONG'
  | 'SLA.INVALID_CALENDAR'
  | 'SLA.NO_WORKING_TIME'
  | 'SLA.INVALID_WARN_PERCENT'
  | 'SLA.RANGE_TOO_LONG';

export class SlaError extends Error {
  constructor(
    readonly code: SlaErrorCode,
    message: string,
    readonly params: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'SlaError';
  }
}
