import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ProblemDto } from './problem.schema';
import { completeDocument, SECURITY } from './complete-document';
import { applyValidatorConstraints } from './validator-constraints';

/** Version of the HTTP contract (docs/api.md); raised with every change integrators must know about. */
export const API_VERSION = '1.0.0';

const TAGS: Array<[string, string]> = [
  ['auth', 'Sign-in, sessions and the caller\'s own profile.'],
  ['users', 'People and machine clients (admin writes).'],
  ['api-keys', 'API keys of intake clients (admin).'],
  ['teams', 'Teams and the banks they serve.'],
  ['banks', 'Acquiring banks, their webhook endpoints and signing secrets.'],
  ['queues', 'Work queues: saved case filters with live counts.'],
  ['terminals', 'Terminal master data; personal fields masked unless revealed.'],
  ['reports', 'Reports of SN misuse: each opens a case or links to the open case of its SN.'],
  ['imports', 'Historical import of reports from CSV (admin): cases that happened before, without clocks or bank notifications.'],
  ['cases', 'Cases, their actions and their audit events.'],
  ['evidence', 'Evidence files of a case (kept, never deleted).'],
  ['bank-callbacks', 'Signed answers of banks to our notifications (Standard Webhooks).'],
  ['notifications', 'Outgoing bank notifications and their delivery attempts.'],
  ['holds', 'Holds and police orders on cases (placed, renewed and released through the case actions).'],
  ['regulatory', 'Deadlines owed to the PBoC and the card schemes, and their policies.'],
  ['watchlist', 'SNs and MIDs watched after a confirmed case: a matching report opens at p1 and alerts.'],
  ['sla', 'SLA policies, calendars, breaches, the summary and the workload.'],
  ['alerts', 'The caller\'s in-app alerts.'],
  ['alert channels', 'The caller\'s alert channels: e-mail and chat robots per alert type, digest, test messages, delivery log.'],
  ['audit', 'Hash-chained audit events: export and verification.'],
  ['operations', 'Health, metrics and the queue dashboard.'],
];

/** `casesController.show` → `cases_show`: stable, readable operation ids for generated clients. */
export function operationId(controllerKey: string, methodKey: string): string {
  const resource = controllerKey.replace(/Controller$/, '');
  return `${resource.charAt(0).toLowerCase()}${resource.slice(1)}_${methodKey}`;
}

/**
 * The OpenAPI document of the API, the contract integrators generate clients from (committed as docs/openapi.json by
 * `npm run openapi`; `apps/api/test/openapi.e2e-spec.ts` validates, lints and type-checks it and compares the copy).
 * Works on an app created with `preview: true` (no database needed) as well as on the running one.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Sentinel SN API')
    .setDescription(
      'Case management for POS terminal serial-number misuse (docs/api.md is the prose contract). ' +
        'JSON bodies, camelCase fields, UUID ids, times ISO 8601 (UTC `Z` out), money as integer minor units and a currency. ' +
        'Lists follow ra-data-simple-rest (`filter`, `sort`, `range`, `Content-Range`). ' +
        'Every error is RFC 9457 `application/problem+json` with a stable `code`, field errors with `errors` and `fieldCodes`, and a `correlationId`.',
    )
    .setVersion(API_VERSION)
    .addServer('{origin}', 'Your Sentinel SN deployment (every path starts with /api, except /metrics)', {
      origin: { default: 'http://localhost:3000', description: 'scheme, host and port of the API' },
    })
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'opaque session token', description: 'A session token from `POST /api/auth/login` (idle and absolute expiry; revoked by logout).' },
      SECURITY.session,
    )
    .addCookieAuth(
      'sn_session',
      {
        type: 'apiKey',
        in: 'cookie',
        name: 'sn_session',
        description:
          'The browser console\'s session: the same session token in the HttpOnly cookie `POST /api/auth/login` sets. A POST, PUT, PATCH or DELETE with it must send the `sn_csrf` cookie\'s value in `X-CSRF-Token` (else 403 `AUTH.CSRF`). Bearer takes precedence when both are sent.',
      },
      SECURITY.cookie,
    )
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'API key (snk_…)', description: 'An API key of an intake client, issued by an admin; limited to its bank codes and channels, rate limited per key.' },
      SECURITY.apiKey,
    )
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'METRICS_TOKEN', description: 'The Prometheus scrape token configured as METRICS_TOKEN (only when METRICS_PORT is not used).' },
      SECURITY.metricsToken,
    );
  for (const [name, description] of TAGS) builder.addTag(name, description);
  const config = builder.build();
  config.info.license = { name: 'Proprietary' };
  const doc = SwaggerModule.createDocument(app, config, { operationIdFactory: operationId, extraModels: [ProblemDto] });
  doc.components = {
    ...doc.components,
    headers: {
      CorrelationId: { description: 'The request\'s correlation id (also `correlationId` in a problem body).', schema: { type: 'string' } },
      RetryAfter: { description: 'Seconds to wait before retrying (429, 503).', schema: { type: 'integer' } },
    },
  };
  return completeDocument(applyValidatorConstraints(doc));
}
