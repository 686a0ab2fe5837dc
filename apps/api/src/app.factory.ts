import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import helmet from 'helmet';
import express, { type NextFunction, type Request, type Response } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppModule } from './app.module';
import { loadConfig, type AppConfig } from './config/app-config';
import { trustProxySetting } from './config/trust-proxy';
import { correlationIdMiddleware } from './common/correlation-id';
import { mediaTypeMiddleware } from './common/media-type.middleware';
import { ProblemDetailsFilter } from './common/problem-details.filter';
import { createValidationPipe } from './common/validation.pipe';
import { StartupQuietLogger } from './common/startup-quiet.logger';
import { buildOpenApiDocument } from './openapi/openapi-document';
import { apiHeadersMiddleware, corsOrigin, nulGuardMiddleware } from './common/http-hardening';
import { openApiSignInMiddleware } from './openapi/openapi-sign-in';
import { AuthService } from './auth/auth.service';
import { CONSOLE_CSP } from '@sentinel/contracts';

/** Every route is under /api except Prometheus' /metrics. */
const GLOBAL_PREFIX = 'api';

export const EXPOSED_HEADERS = ['Content-Range', 'X-Total-Count', 'x-correlation-id', 'Idempotent-Replayed', 'Retry-After', 'Content-Disposition', 'X-Total-Estimated'];

/** Builds the API exactly as production runs it (tests use this too: same pipes, filters, parsers). */
export async function createApp(overrides: Partial<AppConfig> = {}): Promise<{ app: NestExpressApplication; config: AppConfig }> {
  const config = loadConfig(process.env, overrides);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), {
    bufferLogs: true,
    rawBody: true,
    bodyParser: true,
  });
  app.useLogger(new StartupQuietLogger(app.get(Logger)));
  app.set('trust proxy', trustProxySetting(process.env.TRUST_PROXY));
  app.disable('x-powered-by');
  app.use(correlationIdMiddleware);
  app.use(mediaTypeMiddleware);
  app.use(helmet({ contentSecurityPolicy: false, crossOriginResourcePolicy: { policy: 'same-origin' } }));
  app.use(apiHeadersMiddleware);
  app.enableCors({ origin: corsOrigin(config.corsOrigins), exposedHeaders: EXPOSED_HEADERS, credentials: false });
  app.useBodyParser('json', { limit: config.jsonBodyLimit, type: ['application/json', 'application/*+json'] });
  app.use(nulGuardMiddleware);
  app.setGlobalPrefix(GLOBAL_PREFIX, { exclude: ['metrics'] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());

  if (!config.openapiPublic) app.use(['/api/docs', '/api/openapi.json'], openApiSignInMiddleware(app.get(AuthService)));
  SwaggerModule.setup('api/docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'api/openapi.json', useGlobalPrefix: false });

  serveConsole(app, config);
  // Anything unmatched under /api is a problem+json 404 (Nest's own 404 passes the filter too).
  return { app, config };
}

/**
 * The OpenAPI document without a running app (`npm run openapi`): the same modules in Nest's preview mode, which
 * builds the route table but instantiates nothing (no database, no Redis).
 */
export async function createOpenApiDocument(): Promise<OpenAPIObject> {
  // NODE_ENV=test: the development secrets key without the start-up notice (preview mode opens no secret).
  const config = loadConfig({ DATABASE_URL: 'postgres://preview@127.0.0.1/preview', NODE_ENV: 'test' }, { enqueueJobs: false, logLevel: 'silent' });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), { preview: true, logger: false });
  app.setGlobalPrefix(GLOBAL_PREFIX, { exclude: ['metrics'] });
  try {
    return buildOpenApiDocument(app);
  } finally {
    await app.close();
  }
}

/** Serves the built console at / (SPA fallback), never shadowing /api. */
function serveConsole(app: NestExpressApplication, config: AppConfig): void {
  // Default: the Vite build beside the sources (apps/console/dist), found from the source tree or, for the built
  // JavaScript (dist/api/apps/api/src), from the working directory (the repository root, /app in the image).
  const candidates = config.consoleDir ? [config.consoleDir] : [join(__dirname, '..', '..', 'console', 'dist'), join(process.cwd(), 'apps', 'console', 'dist')];
  const dir = candidates.map((d) => resolve(d)).find((d) => existsSync(join(d, 'index.html')));
  if (!dir) return;
  const server = app.getHttpAdapter().getInstance() as express.Express;
  const csp = (res: Response) => res.setHeader('Content-Security-Policy', CONSOLE_CSP);
  server.use(express.static(dir, { index: false, maxAge: '1h', setHeaders: csp }));
  server.get(/^\/(?!api\/|api$|metrics).*/, (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || !req.accepts('html')) return next();
    csp(res);
    // index.html names the hashed bundles of this build: never cached past a deployment.
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(join(dir, 'index.html'));
  });
}
