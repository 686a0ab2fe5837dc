import { affected, maybeOne, one, rows, type Db } from '../sql';
import { countedList, SqlParams } from './list-sql';

/** A `teams` row as selected by this repository. */
export interface TeamRow {
  id: string;
  name: string;
  bank_codes: string[];
  is_default: boolean;
  created_at: Date;
  updated_at: Date;
}

export interface TeamListFilter {
  /** Name prefix, already escaped for LIKE (`likePrefix`). */
  namePrefix?: string;
  isDefault?: boolean;
  /** Teams serving any of these (upper-case) bank codes. */
  bankCodes?: string[];
  /** filter={"id":[...]}: these ids, unpaged. */
  ids?: string[];
}

export type TeamSortField = 'name' | 'createdAt' | 'id';

export interface TeamListOptions {
  sort: { field: TeamSortField; order: 'ASC' | 'DESC' };
  /** Omitted: every match (used with `ids`). */
  page?: { limit: number; offset: number };
}

export interface TeamWrite {
  name: string;
  bankCodes: string[];
  isDefault: boolean;
}

const COLUMNS = 'id, name, bank_codes, is_default, created_at, updated_at';
const SORT_COLUMNS: Record<TeamSortField, string> = { name: 'name', createdAt: 'created_at', id: 'id' };

/**
 * Every statement on `teams` (docs/domain.md "Teams and queues"). Writes run inside one transaction that first
 * takes `lockWrites`, so "exactly one default team" and "each bank served by one team" hold under concurrent admins.
 */
export class TeamsRepository {
  async list(db: Db, filter: TeamListFilter, opts: TeamListOptions): Promise<{ rows: TeamRow[]; total: number }> {
    const p = new SqlParams();
    const where: string[] = [];
    if (filter.namePrefix !== undefined) where.push(`name ILIKE ${p.add(filter.namePrefix)}`);
    if (filter.isDefault !== undefined) where.push(`is_default = ${p.add(filter.isDefault)}`);
    if (filter.bankCodes !== undefined) where.push(`bank_codes && ${p.add(filter.bankCodes)}::text[]`);
    if (filter.ids !== undefined) where.push(`id = ANY(${p.add(filter.ids)}::uuid[])`);
    const orderBy = `${SORT_COLUMNS[opts.sort.field]} ${opts.sort.order}, id ${opts.sort.order}`;
    return countedList<TeamRow>(db, { from: 'teams', columns: COLUMNS, where, params: p, orderBy, page: opts.page });
  }

  get(db: Db, id: string, opts: { lock?: boolean } = {}): Promise<TeamRow | undefined> {
    return maybeOne<TeamRow>(db, `SELECT ${COLUMNS} FROM teams WHERE id = $1${opts.lock ? ' FOR UPDATE' : ''}`, [id]);
  }

  /** Serialises team writes (transaction-scoped advisory lock: call inside the write's transaction). */
  async lockWrites(db: Db): Promise<void> {
    await db.query(`SELECT pg_advisory_xact_lock(hashtext('sentinel:teams'))`);
  }

  /** Another team with this name, compared case-insensitively. */
  async nameTaken(db: Db, name: string, exceptId: string | null): Promise<boolean> {
    const row = await maybeOne<{ id: string }>(db, `SELECT id FROM teams WHERE lower(name) = lower($1) AND ($2::uuid IS NULL OR id <> $2)`, [
      name,
      exceptId,
    ]);
    return row !== undefined;
  }

  /** Which of these bank codes other teams already serve, with the serving team's name, by code. */
  banksServedByOthers(db: Db, bankCodes: string[], exceptId: string | null): Promise<Array<{ name: string; code: string }>> {
    return rows<{ name: string; code: string }>(
      db,
      `SELECT t.name, c.code FROM teams t, unnest(t.bank_codes) AS c(code)
        WHERE c.code = ANY($1::text[]) AND ($2::uuid IS NULL OR t.id <> $2) ORDER BY c.code`,
      [bankCodes, exceptId],
    );
  }

  /** Clears the default flag of every team but `exceptId`; returns the team that had it, if any. */
  async clearDefault(db: Db, exceptId: string | null): Promise<string | undefined> {
    const cleared = await rows<{ id: string }>(
      db,
      `UPDATE teams SET is_default = false, updated_at = now() WHERE is_default AND ($1::uuid IS NULL OR id <> $1) RETURNING id`,
      [exceptId],
    );
    return cleared[0]?.id;
  }

  insert(db: Db, team: TeamWrite): Promise<TeamRow> {
    return one<TeamRow>(db, `INSERT INTO teams (name, bank_codes, is_default) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`, [
      team.name,
      team.bankCodes,
      team.isDefault,
    ]);
  }

  update(db: Db, id: string, team: TeamWrite): Promise<TeamRow> {
    return one<TeamRow>(
      db,
      `UPDATE teams SET name = $2, bank_codes = $3, is_default = $4, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, team.name, team.bankCodes, team.isDefault],
    );
  }

  /** What still refers to the team: users (active or not) and open cases. */
  usage(db: Db, id: string): Promise<{ users: number; openCases: number }> {
    return one<{ users: number; openCases: number }>(
      db,
      `SELECT (SELECT count(*)::int FROM users WHERE team_id = $1) AS "users",
              (SELECT count(*)::int FROM cases WHERE team_id = $1 AND status = 'open') AS "openCases"`,
      [id],
    );
  }

  /** Ids of the team's queues (deleted with it by the foreign key), in id order. */
  async queueIds(db: Db, id: string): Promise<string[]> {
    return (await rows<{ id: string }>(db, `SELECT id FROM queues WHERE team_id = $1 ORDER BY id`, [id])).map((q) => q.id);
  }

  delete(db: Db, id: string): Promise<number> {
    return affected(db, `DELETE FROM teams WHERE id = $1`, [id]);
  }
}
