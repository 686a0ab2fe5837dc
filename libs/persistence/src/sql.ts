import type { EntityManager } from 'typeorm';

/** Anything that runs SQL: a DataSource, or the EntityManager of a transaction. */
export type Db = Pick<EntityManager, 'query'>;

/**
 * TypeORM's postgres driver answers `UPDATE … RETURNING` / `DELETE … RETURNING` with `[rows, affected]`,
 * but `SELECT` and `INSERT … RETURNING` with the rows. This returns the rows either way.
 */
export function resultRows<T = unknown>(r: unknown): T[] {
  if (Array.isArray(r) && r.length === 2 && Array.isArray(r[0]) && typeof r[1] === 'number') return r[0] as T[];
  return (r as T[]) ?? [];
}

/** Rows of a statement, typed by the repository that owns it (the column names as selected). */
export async function rows<T>(db: Db, text: string, params: unknown[] = []): Promise<T[]> {
  return resultRows<T>(await db.query(text, params));
}

/** The first row, or undefined. */
export async function maybeOne<T>(db: Db, text: string, params: unknown[] = []): Promise<T | undefined> {
  return (await rows<T>(db, text, params))[0];
}

/** The first row; a statement that must return one (INSERT … RETURNING, an aggregate) and did not is a bug. */
export async function one<T>(db: Db, text: string, params: unknown[] = []): Promise<T> {
  const row = await maybeOne<T>(db, text, params);
  if (row === undefined) throw new Error(`expected a row from: ${text.trim().slice(0, 80)}`);
  return row;
}

/** Rows changed by an UPDATE or DELETE (without RETURNING). */
export async function affected(db: Db, text: string, params: unknown[] = []): Promise<number> {
  const r: unknown = await db.query(text, params);
  if (Array.isArray(r) && r.length === 2 && typeof r[1] === 'number') return r[1];
  return Array.isArray(r) ? r.length : 0;
}
