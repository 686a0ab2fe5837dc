import { resultRows } from '@sentinel/persistence';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ROLES, type Role } from '@sentinel/contracts';
import type { ListQuery } from '../common/list-query';
import type { UserRow } from '../auth/auth.service';
import { filterBoolean, filterEnum, filterString, filterUuidsOrNull, validIds } from './filter-values';
import { likePrefix } from './validators';

type Db = Pick<EntityManager, 'query'>;

/** A users row as the repository reads it: the auth row plus timestamps. */
export interface UserRecord extends UserRow {
  created_at: Date;
  updated_at: Date;
}

export const USER_FILTERS = ['role', 'active', 'teamId', 'q'] as const;
export const USER_SORTS = ['name', 'role', 'createdAt'] as const;
export type UserFilter = (typeof USER_FILTERS)[number];
export type UserSort = (typeof USER_SORTS)[number];

const SORT_COLUMNS: Record<UserSort | 'id', string> = { name: 'name', role: 'role', createdAt: 'created_at', id: 'id' };
const COLUMNS = 'id, email, name, role, team_id, active, locale, time_zone, created_at, updated_at';

/** Typed queries over `users`, `sessions` and `api_keys`; no rules. */
@Injectable()
export class UsersRepository {
  constructor(private readonly ds: DataSource) {}

  async list(q: ListQuery<UserFilter, UserSort>, opts: { searchEmail: boolean }): Promise<{ rows: UserRecord[]; total: number }> {
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    const where: string[] = [];
    const f = q.filter;
    if (f.role !== undefined) where.push(`role = ANY(${p(filterEnum('role', f.role, ROLES))})`);
    if (f.active !== undefined) where.push(`active = ${p(filterBoolean('active', f.active))}`);
    if (f.teamId !== undefined) {
      const { ids, includeNull } = filterUuidsOrNull('teamId', f.teamId);
      const ors = [...(ids.length ? [`team_id = ANY(${p(ids)}::uuid[])`] : []), ...(includeNull ? ['team_id IS NULL'] : [])];
      where.push(`(${ors.join(' OR ')})`);
    }
    if (f.q !== undefined) {
      const like = p(likePrefix(filterString('q', f.q).trim()));
      // Only admins see emails, so only their search matches them (no probing of addresses by prefix).
      where.push(opts.searchEmail ? `(name ILIKE ${like} OR email ILIKE ${like})` : `name ILIKE ${like}`);
    }
    if (q.ids) where.push(`id = ANY(${p(validIds(q.ids))}::uuid[])`);
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.ds.query(`SELECT count(*)::int AS total FROM users ${whereSql}`, params);
    const order = `${SORT_COLUMNS[q.sort.field]} ${q.sort.order}, id ${q.sort.order}`;
    const page = q.ids ? '' : ` LIMIT ${p(q.limit)} OFFSET ${p(q.offset)}`;
    const rows = await this.ds.query(`SELECT ${COLUMNS} FROM users ${whereSql} ORDER BY ${order}${page}`, params);
    return { rows, total };
  }

  async findById(db: Db, id: string): Promise<UserRecord | undefined> {
    const [row] = await db.query(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id]);
    return row;
  }

  async lockById(em: EntityManager, id: string): Promise<UserRecord | undefined> {
    const [row] = await em.query(`SELECT ${COLUMNS} FROM users WHERE id = $1 FOR UPDATE`, [id]);
    return row;
  }

  /**
   * Locks every active admin row (in id order, so concurrent callers cannot deadlock) and returns their ids.
   * Two admins deactivating each other serialise here; the second sees the first's commit (READ COMMITTED
   * re-checks `active` of a row it waited for) and is refused as the last admin.
   */
  async lockActiveAdmins(em: EntityManager): Promise<string[]> {
    const rows: Array<{ id: string }> = await em.query(`SELECT id FROM users WHERE role = 'admin' AND active ORDER BY id FOR UPDATE`);
    return rows.map((r) => r.id);
  }

  async emailTaken(db: Db, email: string, exceptId?: string): Promise<boolean> {
    const [row] = await db.query(`SELECT 1 FROM users WHERE lower(email) = lower($1) AND ($2::uuid IS NULL OR id <> $2)`, [email, exceptId ?? null]);
    return !!row;
  }

  async teamExists(db: Db, teamId: string): Promise<boolean> {
    const [row] = await db.query(`SELECT 1 FROM teams WHERE id = $1`, [teamId]);
    return !!row;
  }

  async insert(
    em: EntityManager,
    u: { email: string; name: string; role: Role; teamId: string | null; passwordHash: string | null; locale: string; timeZone: string | null },
  ): Promise<UserRecord> {
    const [row] = await em.query(
      `INSERT INTO users (email, name, role, team_id, password_hash, locale, time_zone, must_change_password)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $5::text IS NOT NULL) RETURNING ${COLUMNS}`,
      [u.email, u.name, u.role, u.teamId, u.passwordHash, u.locale, u.timeZone],
    );
    return row;
  }

  async update(
    em: EntityManager,
    id: string,
    u: { email: string; name: string; role: Role; teamId: string | null; active: boolean; locale: string; timeZone: string | null; passwordHash?: string },
  ): Promise<UserRecord> {
    const [rows] = await em.query(
      `UPDATE users SET email = $2, name = $3, role = $4, team_id = $5, active = $6, locale = $7, time_zone = $8,
              password_hash = coalesce($9, password_hash),
              must_change_password = ($9::text IS NOT NULL OR must_change_password),
              deactivated_at = CASE WHEN $6 THEN NULL WHEN active THEN now() ELSE deactivated_at END,
              updated_at = now()
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, u.email, u.name, u.role, u.teamId, u.active, u.locale, u.timeZone, u.passwordHash ?? null],
    );
    return rows[0];
  }

  /** Revokes every live session of the user (optionally keeping one: the caller's own). Returns how many. */
  async revokeSessions(em: EntityManager, userId: string, keepSessionId?: string): Promise<number> {
    const rows = await em.query(
      `UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR id <> $2) RETURNING id`,
      [userId, keepSessionId ?? null],
    );
    return resultRows(rows).length;
  }

  async revokeApiKeys(em: EntityManager, userId: string): Promise<number> {
    const rows = await em.query(`UPDATE api_keys SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL RETURNING id`, [userId]);
    return resultRows(rows).length;
  }
}

