import type { Role } from '@sentinel/contracts';
import { maybeOne, one, rows, type Db } from '../sql';
import { countedList, likePrefix, SqlParams, type Page, type SortOrder } from './list-sql';

/** A `users` row as authentication reads it (an actor's identity). */
export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  team_id: string | null;
  active: boolean;
  locale: string;
  time_zone: string | null;
}

/** A `users` row as user administration reads it: the auth row plus timestamps. */
export interface UserRecord extends UserRow {
  created_at: Date;
  updated_at: Date;
}

export type UserSortField = 'name' | 'role' | 'createdAt' | 'id';

export const USER_SORT_COLUMNS: Record<UserSortField, string> = { name: 'name', role: 'role', createdAt: 'created_at', id: 'id' };

/** GET /api/users criteria, already parsed and validated by the API. */
export interface UserListCriteria {
  roles?: Role[];
  active?: boolean;
  /** Users of these teams (`includeNoTeam`: and those without a team); both empty matches nobody. */
  teamIds?: string[];
  includeNoTeam?: boolean;
  /** Name prefix (matched literally, case-insensitively); `searchEmail` also matches it against emails. */
  search?: { prefix: string; searchEmail: boolean };
  /** filter={"id":[...]}: these ids, unpaged. */
  ids?: string[];
  sort: { field: UserSortField; order: SortOrder };
  /** Omitted: every match (used with `ids`). */
  page?: Page;
}

export interface UserInsert {
  email: string;
  name: string;
  role: Role;
  teamId: string | null;
  passwordHash: string | null;
  locale: string;
  timeZone: string | null;
}

export interface UserUpdate {
  email: string;
  name: string;
  role: Role;
  teamId: string | null;
  active: boolean;
  locale: string;
  timeZone: string | null;
  /** A new password hash (the user must change it at the next sign-in); omitted = unchanged. */
  passwordHash?: string;
}

const COLUMNS = 'id, email, name, role, team_id, active, locale, time_zone, created_at, updated_at';

/** User administration's statements on `users` (docs/api.md "/api/users"); no rules. */
export class UsersRepository {
  async list(db: Db, c: UserListCriteria): Promise<{ rows: UserRecord[]; total: number }> {
    const p = new SqlParams();
    const where: string[] = [];
    if (c.roles !== undefined) where.push(`role = ANY(${p.add(c.roles)})`);
    if (c.active !== undefined) where.push(`active = ${p.add(c.active)}`);
    if (c.teamIds !== undefined || c.includeNoTeam !== undefined) {
      const ors = [...(c.teamIds?.length ? [`team_id = ANY(${p.add(c.teamIds)}::uuid[])`] : []), ...(c.includeNoTeam ? ['team_id IS NULL'] : [])];
      where.push(ors.length ? `(${ors.join(' OR ')})` : 'FALSE');
    }
    if (c.search !== undefined) {
      const like = p.add(likePrefix(c.search.prefix));
      // Only admins see emails, so only their search matches them (no probing of addresses by prefix).
      where.push(c.search.searchEmail ? `(name ILIKE ${like} OR email ILIKE ${like})` : `name ILIKE ${like}`);
    }
    if (c.ids !== undefined) where.push(`id = ANY(${p.add(c.ids)}::uuid[])`);
    const orderBy = `${USER_SORT_COLUMNS[c.sort.field]} ${c.sort.order}, id ${c.sort.order}`;
    return countedList<UserRecord>(db, { from: 'users', columns: COLUMNS, where, params: p, orderBy, page: c.page });
  }

  findById(db: Db, id: string, opts: { lock?: boolean } = {}): Promise<UserRecord | undefined> {
    return maybeOne<UserRecord>(db, `SELECT ${COLUMNS} FROM users WHERE id = $1${opts.lock ? ' FOR UPDATE' : ''}`, [id]);
  }

  /**
   * Locks every active admin row (in id order, so concurrent callers cannot deadlock) and returns their ids.
   * Two admins deactivating each other serialise here; the second sees the first's commit (READ COMMITTED
   * re-checks `active` of a row it waited for) and is refused as the last admin.
   */
  async lockActiveAdmins(db: Db): Promise<string[]> {
    const found = await rows<{ id: string }>(db, `SELECT id FROM users WHERE role = 'admin' AND active ORDER BY id FOR UPDATE`);
    return found.map((r) => r.id);
  }

  /** Another user (not `exceptId`) has this email, compared case-insensitively. */
  async emailTaken(db: Db, email: string, exceptId?: string): Promise<boolean> {
    const row = await maybeOne<{ taken: number }>(db, `SELECT 1 AS taken FROM users WHERE lower(email) = lower($1) AND ($2::uuid IS NULL OR id <> $2)`, [
      email,
      exceptId ?? null,
    ]);
    return row !== undefined;
  }

  async teamExists(db: Db, teamId: string): Promise<boolean> {
    return (await maybeOne<{ found: number }>(db, `SELECT 1 AS found FROM teams WHERE id = $1`, [teamId])) !== undefined;
  }

  /** A new user; one created with a password must change it at the first sign-in. */
  insert(db: Db, u: UserInsert): Promise<UserRecord> {
    return one<UserRecord>(
      db,
      `INSERT INTO users (email, name, role, team_id, password_hash, locale, time_zone, must_change_password)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $5::text IS NOT NULL) RETURNING ${COLUMNS}`,
      [u.email, u.name, u.role, u.teamId, u.passwordHash, u.locale, u.timeZone],
    );
  }

  /** The whole record; `deactivated_at` follows `active`. */
  update(db: Db, id: string, u: UserUpdate): Promise<UserRecord> {
    return one<UserRecord>(
      db,
      `UPDATE users SET email = $2, name = $3, role = $4, team_id = $5, active = $6, locale = $7, time_zone = $8,
              password_hash = coalesce($9, password_hash),
              must_change_password = ($9::text IS NOT NULL OR must_change_password),
              deactivated_at = CASE WHEN $6 THEN NULL WHEN active THEN now() ELSE deactivated_at END,
              updated_at = now()
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, u.email, u.name, u.role, u.teamId, u.active, u.locale, u.timeZone, u.passwordHash ?? null],
    );
  }
}
