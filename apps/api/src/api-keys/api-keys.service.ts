import { Injectable } from '@nestjs/common';
import type { FieldErrors } from '@sentinel/domain';
import { DataSource } from 'typeorm';
import { ApiKeysRepository, UserAccountsRepository, type ApiKeyRow } from '@sentinel/persistence';
import { AuditService } from '../audit/audit.service';
import { auditActor, type Actor } from '../auth/actor';
import { API_KEY_PREFIX, newToken, tokenHash } from '../auth/tokens';
import { assertUuid, parseListQuery } from '../common/list-query';
import { notFound, ProblemException, validationFailed } from '../common/problem.exception';
import { filterBoolean, filterUuidsOrNull, validIds } from '../users/filter-values';
import type { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto, UpdateApiKeyDto } from './api-key.dto';

/** The longest an expiring key may be given (a key meant to live longer is given no expiry, deliberately). */
const MAX_EXPIRY_MS = 5 * 366 * 24 * 3_600_000;
export const API_KEY_FILTERS = ['userId', 'active'] as const;
export const API_KEY_SORTS = ['name'] as const;
/** How many characters of a key are kept in clear, to recognise it in lists (`snk_` + 4). */
export const KEY_PREFIX_LENGTH = 8;

function toView(r: ApiKeyRow): ApiKeyDto {
  return {
    id: r.id,
    userId: r.user_id,
    name: r.name,
    keyPrefix: r.key_prefix,
    bankCodes: r.bank_codes,
    channels: r.channels,
    autoFreeze: r.auto_freeze,
    bound: !!r.bank_codes?.length,
    createdAt: r.created_at.toISOString(),
    lastUsedAt: r.last_used_at?.toISOString() ?? null,
    expiresAt: r.expires_at?.toISOString() ?? null,
    revokedAt: r.revoked_at?.toISOString() ?? null,
  };
}

/** API keys of machine clients (docs/api.md "Auth"): shown once, stored as SHA-256, revocable. SQL: ApiKeysRepository. */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly ds: DataSource,
    private readonly keys: ApiKeysRepository,
    private readonly accounts: UserAccountsRepository,
    private readonly audit: AuditService,
  ) {}

  async create(userId: string, dto: CreateApiKeyDto, actor: Actor): Promise<CreatedApiKeyDto> {
    assertUuid(userId, 'User');
    const expiresAt = dto.expiresAt ? new Date(dto.expiresAt) : null;
    if (expiresAt && (expiresAt.getTime() <= Date.now() || expiresAt.getTime() > Date.now() + MAX_EXPIRY_MS)) {
      throw validationFailed({ expiresAt: { code: 'OUT_OF_RANGE', message: 'must be in the future, at most 5 years ahead' } });
    }
    return this.ds.transaction(async (em) => {
      // FOR SHARE: a concurrent role change or deactivation (FOR UPDATE, which revokes keys) waits for us.
      const user = await this.keys.lockOwner(em, userId);
      if (!user) throw notFound('User', userId);
      if (user.role !== 'intake' || !user.active) {
        throw validationFailed({ userId: { code: 'NOT_ALLOWED', message: 'API keys are given only to active machine clients (role intake)' } });
      }
      const key = newToken(API_KEY_PREFIX);
      const row = await this.keys.insert(em, {
        userId,
        name: dto.name,
        keyHash: tokenHash(key),
        keyPrefix: key.slice(0, KEY_PREFIX_LENGTH),
        bankCodes: dedupe(dto.bankCodes),
        channels: dedupe(dto.channels),
        autoFreeze: dto.autoFreeze ?? false,
        createdBy: actor.id,
        expiresAt,
      });
      const view = toView(row);
      await this.audit.appendSystemEvent(em, {
        actor: auditActor(actor),
        action: 'api_key.created',
        data: { after: { id: view.id, userId, name: view.name, keyPrefix: view.keyPrefix, bankCodes: view.bankCodes, channels: view.channels, autoFreeze: view.autoFreeze, expiresAt: view.expiresAt } },
      });
      return { ...view, key };
    });
  }

  /** PUT /api/api-keys/:id: name, bindings and `autoFreeze` (audited with before and after). A revoked key → 409. */
  async update(id: string, dto: UpdateApiKeyDto, actor: Actor): Promise<ApiKeyDto> {
    assertUuid(id, 'API key');
    return this.ds.transaction(async (em) => {
      const row = await this.keys.get(em, id, { lock: true });
      if (!row) throw notFound('API key', id);
      if (row.revoked_at) throw new ProblemException('CONFLICT', 'This API key is revoked; give the client a new key');
      // `null` is what an unbound key sends back (unchanged); a binding, once set, is never cleared.
      const cleared: FieldErrors = {};
      if (dto.bankCodes === null && row.bank_codes?.length) cleared.bankCodes = { code: 'REQUIRED', message: 'must list the bank codes the key may report for' };
      if (dto.channels === null && row.channels?.length) cleared.channels = { code: 'REQUIRED', message: 'must list the channels the key may use' };
      if (Object.keys(cleared).length) throw validationFailed(cleared);
      const next = {
        name: dto.name ?? row.name,
        bank_codes: dto.bankCodes ? dedupe(dto.bankCodes) : row.bank_codes,
        channels: dto.channels ? dedupe(dto.channels) : row.channels,
        auto_freeze: dto.autoFreeze ?? row.auto_freeze,
      };
      if (next.auto_freeze && !next.bank_codes?.length) {
        throw validationFailed({ autoFreeze: { code: 'NOT_ALLOWED', message: 'needs the key to name its bankCodes' } });
      }
      const updated = await this.keys.update(em, id, { name: next.name, bankCodes: next.bank_codes, channels: next.channels, autoFreeze: next.auto_freeze });
      const pick = (r: ApiKeyRow) => ({ name: r.name, bankCodes: r.bank_codes, channels: r.channels, autoFreeze: r.auto_freeze });
      await this.audit.appendSystemEvent(em, {
        actor: auditActor(actor),
        action: 'api_key.updated',
        data: { id, userId: row.user_id, keyPrefix: row.key_prefix, before: pick(row), after: pick(updated) },
      });
      return toView(updated);
    });
  }

  async listForUser(userId: string, query: Record<string, unknown>) {
    assertUuid(userId, 'User');
    if (!(await this.accounts.exists(this.ds, userId))) throw notFound('User', userId);
    return this.list({ ...query, filter: mergeFilter(query.filter, { userId }) });
  }

  /** GET /api/api-keys (filters userId, active): what react-admin's ReferenceManyField asks for. */
  async list(query: Record<string, unknown>) {
    const q = parseListQuery(query, { filters: API_KEY_FILTERS, sorts: API_KEY_SORTS });
    const { rows, total } = await this.keys.list(this.ds, {
      userIds: q.filter.userId !== undefined ? filterUuidsOrNull('userId', q.filter.userId).ids : undefined,
      // active = neither revoked nor expired
      active: q.filter.active !== undefined ? filterBoolean('active', q.filter.active) : undefined,
      ids: q.ids ? validIds(q.ids) : undefined,
      sort: q.sort,
      page: q.ids ? undefined : { limit: q.limit, offset: q.offset },
    });
    return { rows: rows.map(toView), total, offset: q.ids ? 0 : q.offset };
  }

  /** Revokes at once (the guard checks revoked_at on every request). Revoking twice is a no-op. */
  async revoke(id: string, actor: Actor): Promise<void> {
    assertUuid(id, 'API key');
    await this.ds.transaction(async (em) => {
      const row = await this.keys.get(em, id, { lock: true });
      if (!row) throw notFound('API key', id);
      if (row.revoked_at) return;
      await this.keys.revoke(em, id);
      await this.audit.appendSystemEvent(em, {
        actor: auditActor(actor),
        action: 'api_key.revoked',
        data: { before: { id, userId: row.user_id, name: row.name, keyPrefix: row.key_prefix, revoked: false }, after: { revoked: true } },
      });
    });
  }
}

function dedupe<T>(v: T[] | null | undefined): T[] | null {
  return v ? [...new Set(v)] : null;
}

/** The path's user id wins over any userId in the query's filter. */
function mergeFilter(raw: unknown, extra: Record<string, unknown>): string {
  let base: Record<string, unknown> = {};
  if (typeof raw === 'string' && raw) {
    try {
      const parsed = JSON.parse(raw);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) base = parsed;
      else return raw; // let parseListQuery refuse it
    } catch {
      return raw;
    }
  }
  return JSON.stringify({ ...base, ...extra });
}
