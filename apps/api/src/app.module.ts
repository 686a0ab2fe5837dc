import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { stdTimeFunctions } from 'pino';
import type { IncomingMessage } from 'node:http';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { DatabaseModule } from './database/database.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { HealthModule } from './health/health.module';
import { FEATURE_MODULES } from './feature-modules';

/** Redacted in every log line: credentials and personal data. */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["webhook-signature"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.secret',
  '*.settlementAccount',
  '*.merchantCreditCode',
];

@Module({})
export class AppModule {
  static register(cfg: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        { module: ConfigHolder, global: true, providers: [{ provide: APP_CONFIG, useValue: cfg }], exports: [APP_CONFIG] },
        LoggerModule.forRoot({
          // Nest 11 route syntax (the library's default '*' triggers a legacy-route warning).
          forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
          pinoHttp: {
            level: cfg.logLevel,
            timestamp: stdTimeFunctions.isoTime,
            base: { app: 'api', pid: process.pid },
            genReqId: (req: IncomingMessage) => (req as IncomingMessage & { correlationId?: string }).correlationId ?? '',
            customAttributeKeys: { reqId: 'correlationId' },
            redact: { paths: REDACT, censor: '[redacted]' },
            autoLogging: { ignore: (req) => req.url === '/api/health' },
            serializers: {
              req: (req: { method: string; url: string; id: string }) => ({ method: req.method, url: req.url?.split('?')[0], id: req.id }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
          },
        }),
        DatabaseModule,
        AuditModule,
        AuthModule,
        HealthModule,
        ...FEATURE_MODULES,
      ],
    };
  }
}

@Module({})
class ConfigHolder {}
