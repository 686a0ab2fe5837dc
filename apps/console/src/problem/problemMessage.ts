import { problemStatus, type ProblemBody } from './problem';

/** react-admin's translate function (useTranslate()). */
export type TranslateFn = (key: string, options?: Record<string, unknown>) => string;

const MISSING = '\u0000missing\u0000';
const PLACEHOLDER = /%\{(\w+)\}/g;

/** Translates `key`, or returns undefined when no message exists for it. */
export function tryTranslate(t: TranslateFn, key: string, options: Record<string, unknown> = {}): string | undefined {
  const out = t(key, { ...options, _: MISSING });
  return out === MISSING || out === key ? undefined : out;
}

export function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]);
}

/**
 * An item of `exitRule.missing` or of a problem's `params.missing`: either an evidence type
 * (`police_receipt`) or a fact (`merchant_contact.reached`). Unknown items are shown as sent.
 */
export function missingItemLabel(item: string, t: TranslateFn): string {
  return tryTranslate(t, `exitRule.${item}`) ?? tryTranslate(t, `enums.evidenceType.${item}`) ?? item;
}

function joinList(items: string[], t: TranslateFn): string {
  return items.join(tryTranslate(t, 'app.list_separator') ?? ', ');
}

const ENUM_PARAMS: Record<string, string> = {
  stage: 'enums.stage',
  from: 'enums.stage',
  to: 'enums.stage',
  closedFromStage: 'enums.stage',
  outcome: 'enums.outcome',
  status: 'enums.caseStatus',
  priority: 'enums.priority',
  role: 'enums.role',
  evidenceType: 'enums.evidenceType',
  type: 'enums.evidenceType',
};

function translateParamValue(name: string, value: unknown, t: TranslateFn): string {
  if (value == null) return '';
  if (Array.isArray(value)) {
    return joinList(
      value.map((v) => translateParamValue(name, v, t)),
      t,
    );
  }
  if (typeof value !== 'string') return typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (name === 'missing') return missingItemLabel(value, t);
  if (name === 'action') return tryTranslate(t, `actions.${value}.label`) ?? value;
  const prefix = ENUM_PARAMS[name];
  if (prefix) return tryTranslate(t, `${prefix}.${value}`) ?? value;
  return value;
}

/** Problem params translated for interpolation (e.g. `missing: ['police_receipt']` -> "Police receipt"). */
export function translateParams(body: ProblemBody | undefined, t: TranslateFn): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(body?.params ?? {})) out[name] = translateParamValue(name, value, t);
  if (body?.retryAfter != null) out.retryAfter = String(body.retryAfter);
  if (body?.correlationId) out.correlationId = String(body.correlationId);
  return out;
}

/**
 * The message to show for a failed API call: the translation of the problem's `code`
 * (`errors.CASE.EXIT_RULE_UNMET`, interpolated with its translated `params`), falling back to
 * the API's own `message` when the code is unknown or a parameter the translation needs is absent.
 */
export function problemMessage(error: unknown, t: TranslateFn): string {
  const e = error as { message?: unknown; body?: ProblemBody } | null | undefined;
  const body = e?.body;
  const apiMessage = typeof e?.message === 'string' && e.message ? e.message : undefined;
  const status = problemStatus(error);
  if (!body?.code) {
    if (status == null && error instanceof TypeError) return t('errors.NETWORK');
    if (status != null) return tryTranslate(t, `errors.status.${status}`) ?? apiMessage ?? t('ra.notification.http_error');
    return apiMessage ?? t('ra.notification.http_error');
  }
  const key = `errors.${body.code}`;
  const template = tryTranslate(t, key);
  if (!template) return apiMessage ?? tryTranslate(t, `errors.status.${status}`) ?? t('ra.notification.http_error');
  const params = translateParams(body, t);
  const unresolved = placeholders(template).filter((p) => params[p] == null || params[p] === '');
  if (unresolved.length > 0) {
    if (apiMessage) return apiMessage;
    for (const p of unresolved) params[p] = '…';
  }
  return t(key, params);
}

/** Field errors of a problem, keyed by input path, as react-admin's forms expect them. */
export function problemFieldErrors(error: unknown): Record<string, string> | undefined {
  const errors = (error as { body?: ProblemBody } | null)?.body?.errors;
  return errors && Object.keys(errors).length > 0 ? errors : undefined;
}
