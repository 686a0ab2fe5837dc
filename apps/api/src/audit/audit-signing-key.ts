import type { Provider } from '@nestjs/common';
import { loadAuditSigningKey, type AuditSigningKey } from '@sentinel/persistence';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

export const AUDIT_SIGNING_KEY = Symbol('AUDIT_SIGNING_KEY');
export type { AuditSigningKey };

/** The checkpoint signing key, loaded at start (a bad or, in production, a missing key stops the API). */
export const auditSigningKeyProvider: Provider = {
  provide: AUDIT_SIGNING_KEY,
  inject: [APP_CONFIG],
  useFactory: (cfg: AppConfig): AuditSigningKey =>
    loadAuditSigningKey({ value: cfg.auditSigningKey, devKeyFile: cfg.auditSigningKeyFile, production: cfg.production }),
};
