import { affected, maybeOne, one, type Db } from '../sql';
import { countedList, SqlParams, type Page, type SortOrder } from './list-sql';

/** An `api_keys` row as this repository selects it (never the key's hash). */
export interface ApiKeyRow {
  id: string;
  user_id: string;
  name: string;
  key_prefix: string;
  bank_codes: string[] | null;
  channels: string[] | null;
  auto_freeze: boolean;
  created_at: Date;
  last_used_at: Date | null;
  expires_at: Date | null;
  revoked_at: Date | null;
}

/** The user an API key is given to, as checked when the key is created. */
export interface ApiKeyOwnerRow {
  id: string;
  role: string;
  active: boolean;
}

export const API_KEY_SORT_COLUMNS = { name: 'name', createdAt: 'created_at', id: 'id' } as const;
export type ApiKeySort = keyof typeof API_KEY_SORT_COLUMNS;

export interface ApiKeyListCriteria {
  userIds?: string[];
  /** true: neither revoked nor expired; false: revoked or expired */
  active?: boolean;
  ids?: string[];
  sort: { field: ApiKeySort; order: SortOrder };
  page?: Page;
}

export interface NewApiKey {
  userId: string;
  name: string;
  keyHash: string;
  keyPrefix: string;
  bankCodes: string[] | null;
  channels: string[] | null;
  autoFreeze: boolean;
  createdBy: string;
  expiresAt: Date | null;
}

/** What an update writes: the name, the bindings and `autoFreeze`. */
export interface ApiKeySettings {
  name: string;
  bankCodes: string[] | null;
  channels: string[] | null;
  autoFreeze: boolean;
}

const COLUMNS = 'id, user_id, name, key_prefix, bank_codes, channels, auto_freeze, created_at, last_used_at, expires_at, revoked_at';

/** API keys of machine clients (docs/api.md "Auth"): stored as SHA-256; the guard reads them through the auth repositories. */
export class ApiKeysRepository {
  /**
   * The key's future owner, FOR SHARE: a concurrent role change or deactivation (FOR UPDATE, which revokes keys)
   * waits for the key's transaction.
   */
  lockOwner(db: Db, userId: string): Promise<ApiKeyOwnerRow | undefined> {
    return maybeOne<ApiKeyOwnerRow>(db, `SELECT id, role, active FROM users WHERE id = $1 FOR SHARE`, [userId]);
  }

  insert(db: Db, k: NewApiKey): Promise<ApiKeyRow> {
    return one<ApiKeyRow>(
      db,
      `INSERT INTO api_keys (user_id, name, key_hash, key_prefix, bank_codes, channels, auto_freeze, created_by, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
      [k.userId, k.name, k.keyHash, k.keyPrefix, k.bankCodes, k.channels, k.autoFreeze, k.createdBy, k.expiresAt],
    );
  }

  get(db: Db, id: string, opts: { lock?: boolean } = {}): Promise<ApiKeyRow | undefined> {
    return maybeOne<ApiKeyRow>(db, `SELECT ${COLUMNS} FROM api_keys WHERE id = $1${opts.lock ? ' FOR UPDATE' : ''}`, [id]);
  }

  update(db: Db, id: string, s: ApiKeySettings): Promise<ApiKeyRow> {
    return one<ApiKeyRow>(db, `UPDATE api_keys SET name = $2, bank_codes = $3, channels = $4, auto_freeze = $5 WHERE id = $1 RETURNING ${COLUMNS}`, [
      id,
      s.name,
      s.bankCodes,
      s.channels,
      s.autoFreeze,
    ]);
  }

  async list(db: Db, c: ApiKeyListCriteria): Promise<{ rows: ApiKeyRow[]; total: number }> {
    const p = new SqlParams();
    const where: string[] = [];
    if (c.userIds !== undefined) where.push(`user_id = ANY(${p.add(c.userIds)}::uuid[])`);
    if (c.active !== undefined) {
      where.push(c.active ? '(revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now()))' : '(revoked_at IS NOT NULL OR expires_at <= now())');
    }
    if (c.ids !== undefined) where.push(`id = ANY(${p.add(c.ids)}::uuid[])`);
    const orderBy = `${API_KEY_SORT_COLUMNS[c.sort.field]} ${c.sort.order}, id ${c.sort.order}`;
    return countedList<ApiKeyRow>(db, { from: 'api_keys', columns: COLUMNS, where, params: p, orderBy, page: c.page });
  }

  revoke(db: Db, id: string): Promise<number> {
    return affected(db, `UPDATE api_keys SET revoked_at = now() WHERE id = $1`, [id]);
  }
}
