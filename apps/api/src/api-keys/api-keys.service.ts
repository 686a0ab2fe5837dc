import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { auditActor, type Actor } from '../auth/actor';
import { API_KEY_PREFIX, newToken, tokenHash } from '../auth/tokens';
import { assertUuid, parseListQuery } from '../common/list-query';
import { notFound, validationFailed } from '../common/problem.exception';
import { filterBoolean, filterUuidsOrNull, validIds } from '../users/filter-values';
import type { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto } from './api-key.dto';

interface ApiKeyRow {
  id: string;
  user_id: string;
  name: string;
  key_prefix: string;
  bank_codes: string[] | null;
  channels: string[] | null;
  created_at: Date;
  last_used_at: Date | null;
  expires_at: Date | null;
  revoked_at: Date | null;
}

const COLUMNS = 'id, user_id, name, key_prefix, bank_codes, channels, created_at, last_used_at, expires_at, revoked_at';
/** The longest an expiring key may be given (a key meant to live longer is given no expiry, deliberately). */
const MAX_EXPIRY_MS = 5 * 366 * 24 * 3_600_000;
export const API_KEY_FILTERS = ['userId', 'active'] as const;
export const API_KEY_SORTS = ['name'] as const;
const SORT_COLUMNS = { name: 'name', createdAt: 'created_at', id: 'id' } as const;
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
    createdAt: r.created_at.toISOString(),
    lastUsedAt: r.last_used_at?.toISOString() ?? null,
    expiresAt: r.expires_at?.toISOString() ?? null,
    revokedAt: r.revoked_at?.toISOString() ?? null,
  };
}

/** API keys of machine clients (docs/api.md "Auth"): shown once, stored as SHA-256, revocable. */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly ds: DataSource,
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
      const [user] = await em.query(`SELECT id, role, active FROM users WHERE id = $1 FOR SHARE`, [userId]);
      if (!user) throw notFound('User', userId);
      if (user.role !== 'intake' || !user.active) {
        throw validationFailed({ userId: { code: 'NOT_ALLOWED', message: 'API keys are given only to active machine clients (role intake)' } });
      }
      const key = newToken(API_KEY_PREFIX);
      const [row]: ApiKeyRow[] = await em.query(
        `INSERT INTO api_keys (user_id, name, key_hash, key_prefix, bank_codes, channels, created_by, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
        [userId, dto.name, tokenHash(key), key.slice(0, KEY_PREFIX_LENGTH), dedupe(dto.bankCodes), dedupe(dto.channels), actor.id, expiresAt],
      );
      const view = toView(row);
      await this.audit.appendSystemEvent(em, {
        actor: auditActor(actor),
        action: 'api_key.created',
        data: { after: { id: view.id, userId, name: view.name, keyPrefix: view.keyPrefix, bankCodes: view.bankCodes, channels: view.channels, expiresAt: view.expiresAt } },
      });
      return { ...view, key };
    });
  }

  async listForUser(userId: string, query: Record<string, unknown>) {
    assertUuid(userId, 'User');
    const [user] = await this.ds.query(`SELECT 1 FROM users WHERE id = $1`, [userId]);
    if (!user) throw notFound('User', userId);
    return this.list({ ...query, filter: mergeFilter(query.filter, { userId }) });
  }

  /** GET /api/api-keys (filters userId, active): what react-admin's ReferenceManyField asks for. */
  async list(query: Record<string, unknown>) {
    const q = parseListQuery(query, { filters: API_KEY_FILTERS, sorts: API_KEY_SORTS });
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    const where: string[] = [];
    if (q.filter.userId !== undefined) {
      const { ids } = filterUuidsOrNull('userId', q.filter.userId);
      where.push(`user_id = ANY(${p(ids)}::uuid[])`);
    }
    // active = neither revoked nor expired
    if (q.filter.active !== undefined) {
      where.push(
        filterBoolean('active', q.filter.active)
          ? '(revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now()))'
          : '(revoked_at IS NOT NULL OR expires_at <= now())',
      );
    }
    if (q.ids) where.push(`id = ANY(${p(validIds(q.ids))}::uuid[])`);
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.ds.query(`SELECT count(*)::int AS total FROM api_keys ${whereSql}`, params);
    const order = `${SORT_COLUMNS[q.sort.field]} ${q.sort.order}, id ${q.sort.order}`;
    const page = q.ids ? '' : ` LIMIT ${p(q.limit)} OFFSET ${p(q.offset)}`;
    const rows: ApiKeyRow[] = await this.ds.query(`SELECT ${COLUMNS} FROM api_keys ${whereSql} ORDER BY ${order}${page}`, params);
    return { rows: rows.map(toView), total, offset: q.ids ? 0 : q.offset };
  }

  /** Revokes at once (the guard checks revoked_at on every request). Revoking twice is a no-op. */
  async revoke(id: string, actor: Actor): Promise<void> {
    assertUuid(id, 'API key');
    await this.ds.transaction(async (em) => {
      const [row]: ApiKeyRow[] = await em.query(`SELECT ${COLUMNS} FROM api_keys WHERE id = $1 FOR UPDATE`, [id]);
      if (!row) throw notFound('API key', id);
      if (row.revoked_at) return;
      await em.query(`UPDATE api_keys SET revoked_at = now() WHERE id = $1`, [id]);
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
