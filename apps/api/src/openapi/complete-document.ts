import type { OpenAPIObject, OperationObject, ParameterObject, ReferenceObject, ResponseObject } from '@nestjs/swagger';
import type { Role } from '@sentinel/contracts';

/** Security schemes of the document (openapi-document.ts declares them). */
export const SECURITY = { session: 'session', cookie: 'cookieAuth', apiKey: 'apiKey', metricsToken: 'metricsToken' } as const;

export const PROBLEM_REF = '#/components/schemas/Problem';
const PROBLEM_CONTENT = { 'application/problem+json': { schema: { $ref: PROBLEM_REF } } };
const CORRELATION_HEADER = { 'x-correlation-id': { $ref: '#/components/headers/CorrelationId' } };
const RETRY_AFTER_HEADER = { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } };

/** What each status means wherever it is not described more precisely by the operation (codes: docs/api.md "Conventions"). */
export const GENERIC_PROBLEMS: Record<string, string> = {
  '400': '`REQUEST.MALFORMED` (unparseable JSON, a bad query parameter) or `REQUEST.UNKNOWN_FIELD` (an unknown body, filter or sort field; `params.fields`).',
  '401': '`AUTH.UNAUTHENTICATED`: no credential, or an invalid, expired or revoked one.',
  '403': '`AUTH.FORBIDDEN`: the caller\'s role may not do this (`AUTH.CSRF`: a cookie session\'s POST, PUT, PATCH or DELETE without the right `X-CSRF-Token`).',
  '404': '`NOT_FOUND`: no such record (ids that are not UUIDs cannot exist).',
  '413': '`REQUEST.TOO_LARGE`: the body is larger than the limit.',
  '415': '`REQUEST.MEDIA_TYPE`: bodies are `application/json`.',
  '422': '`VALIDATION.FAILED`: a field is invalid or missing; `errors` and `fieldCodes` name each field.',
  '429': '`RATE_LIMITED`: too many requests; retry after `Retry-After` seconds.',
  default: 'Any other problem: `INTERNAL` (500, nothing revealed; quote the correlation id) or `DEPENDENCY.UNAVAILABLE` (503 with `Retry-After` while the database or Redis is away).',
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'] as const;

function isRef(x: unknown): x is ReferenceObject {
  return typeof x === 'object' && x !== null && '$ref' in x;
}

function addResponse(op: OperationObject, status: string): void {
  if (!op.responses[status]) op.responses[status] = { description: GENERIC_PROBLEMS[status] };
}

/** A problem response: the Problem schema as application/problem+json, the correlation id header. */
function asProblem(status: string, r: ResponseObject): void {
  if (!r.content || Object.keys(r.content).length === 0) r.content = PROBLEM_CONTENT;
  r.headers = { ...CORRELATION_HEADER, ...(status === '429' || status === 'default' ? RETRY_AFTER_HEADER : {}), ...(r.headers ?? {}) };
}

/**
 * Completes what the decorators describe with what holds for every operation by construction, so the document is
 * accurate without repeating it on each route:
 *
 * - **Security** from the route's `@Roles` / `@Public` (the global AuthGuard): public routes get an explicit empty
 *   `security` (or their own scheme, e.g. the metrics token); others the session token (as bearer or as the browser's
 *   `sn_session` cookie), and the API key too when the
 *   `intake` role may call them (API keys belong to intake clients). `x-roles` stays on the operation and is named in
 *   its description.
 * - **Problem responses** (RFC 9457, `application/problem+json`, the Problem schema): 401 and 403 for signed-in
 *   routes, 404 for routes with a path parameter, 400 for routes with query parameters or a body, 413/415/422 for
 *   routes with a JSON body, 429 where API keys are accepted (rate limited per key), and `default` (500/503) everywhere.
 *   A status an operation describes itself (`@ApiResponse`) keeps its description.
 *
 * - **Schema names** without the classes' `Dto` suffix (`CreateUserDto` → `CreateUser`), as generated clients show them.
 *
 * Throws when a route has neither `@Roles` nor `@Public` (the guard would deny it to everyone), or when two schemas
 * would get one name.
 */
export function completeDocument(doc: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (op) completeOperation(`${method.toUpperCase()} ${path}`, op as OperationObject & Record<string, unknown>);
    }
  }
  closeActionPayloads(doc);
  return renameSchemas(doc);
}

/**
 * Case action payloads refuse unknown fields (400 REQUEST.UNKNOWN_FIELD), so their schemas say
 * `additionalProperties: false` — which is also what keeps the action body's `oneOf` mutually exclusive where two
 * payloads share their required fields (`renew_hold` and `release_hold` both name a `holdId`).
 */
function closeActionPayloads(doc: OpenAPIObject): void {
  for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) {
    if (name.endsWith('Payload') && 'properties' in schema) (schema as { additionalProperties?: boolean }).additionalProperties = false;
  }
}

/** `FooDto` → `Foo` in components and every `$ref`. */
function renameSchemas(doc: OpenAPIObject): OpenAPIObject {
  const schemas = doc.components?.schemas ?? {};
  const renames = new Map<string, string>();
  for (const name of Object.keys(schemas)) {
    if (!name.endsWith('Dto')) continue;
    const to = name.slice(0, -'Dto'.length);
    if (schemas[to]) throw new Error(`OpenAPI: schemas ${name} and ${to} would share the name ${to}; name one with @ApiSchema`);
    renames.set(name, to);
  }
  if (!renames.size) return doc;
  const text = JSON.stringify(doc, (key, value: unknown) => {
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/schemas/')) {
      const name = value.slice('#/components/schemas/'.length);
      return `#/components/schemas/${renames.get(name) ?? name}`;
    }
    return value;
  });
  const renamed = JSON.parse(text) as OpenAPIObject;
  renamed.components!.schemas = Object.fromEntries(Object.entries(renamed.components!.schemas!).map(([k, v]) => [renames.get(k) ?? k, v]));
  return renamed;
}

function completeOperation(name: string, op: OperationObject & Record<string, unknown>): void {
  const isPublic = op['x-public'] === true;
  const roles = op['x-roles'] as Role[] | undefined;
  delete op['x-public'];
  if (!isPublic && !roles?.length) throw new Error(`OpenAPI: ${name} has neither @Roles nor @Public (the guard denies it to everyone)`);

  if (isPublic) {
    op.security = (op.security ?? []).filter((s) => !('bearer' in s));
  } else {
    const sessions: Array<Record<string, string[]>> = [{ [SECURITY.session]: [] }, { [SECURITY.cookie]: [] }];
    op.security = roles!.includes('intake') ? [...sessions, { [SECURITY.apiKey]: [] }] : sessions;
    const who = `**Roles:** ${roles!.join(', ')}.`;
    op.description = op.description ? `${who}\n\n${op.description}` : who;
  }

  const params = (op.parameters ?? []).filter((p): p is ParameterObject => !isRef(p));
  const body = op.requestBody && !isRef(op.requestBody) ? op.requestBody : undefined;
  const jsonBody = !!body && Object.keys(body.content ?? {}).some((t) => t.includes('json'));
  if (!isPublic) {
    addResponse(op, '401');
    addResponse(op, '403');
  }
  if (params.some((p) => p.in === 'path')) addResponse(op, '404');
  if (params.some((p) => p.in === 'query') || body) addResponse(op, '400');
  if (jsonBody) {
    addResponse(op, '413');
    addResponse(op, '415');
    addResponse(op, '422');
  }
  if (roles?.includes('intake')) addResponse(op, '429');
  addResponse(op, 'default');

  for (const [status, r] of Object.entries(op.responses)) {
    if ((status === 'default' || Number(status) >= 400) && r && !isRef(r)) asProblem(status, r);
  }
}
