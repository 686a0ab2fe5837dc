import { one, rows, type Db } from '../sql';

/** Building blocks of list statements (ra-data-simple-rest lists): numbered parameters, a page, a sort order. */

export type SortOrder = 'ASC' | 'DESC';

/** A page of a list; absent when ids were asked for (`filter={"id":[...]}` returns all of them). */
export interface Page {
  limit: number;
  offset: number;
}

/** Collects parameters and hands out their `$n` placeholders, so WHERE fragments and values stay in step. */
export class SqlParams {
  readonly values: unknown[] = [];

  /** The placeholder of a new parameter. */
  add(value: unknown): string {
    return `$${this.values.push(value)}`;
  }

  /** `LIMIT $n OFFSET $m`, or nothing without a page. */
  page(page: Page | undefined): string {
    return page ? ` LIMIT ${this.add(page.limit)} OFFSET ${this.add(page.offset)}` : '';
  }
}

export const whereSql = (conditions: string[]): string => (conditions.length ? `WHERE ${conditions.join(' AND ')}` : '');

/** LIKE pattern matching a prefix literally (`%`, `_` and `\` in the input are not wildcards). */
export const likePrefix = (s: string): string => `${s.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

/** What a counted list selects: `SELECT columns FROM from WHERE … ORDER BY orderBy` and a page of it. */
export interface CountedList {
  from: string;
  columns: string;
  /** conditions joined by AND; their parameters are in `params` */
  where: string[];
  params: SqlParams;
  orderBy: string;
  page?: Page;
}

/**
 * A page of a list and the number of all its matches: the count, then the page, one statement after the other on
 * `db` (two round trips, both inside the caller's transaction when it passes one).
 */
export async function countedList<R>(db: Db, l: CountedList): Promise<{ rows: R[]; total: number }> {
  const w = whereSql(l.where);
  const { total } = await one<{ total: number }>(db, `SELECT count(*)::int AS total FROM ${l.from} ${w}`, l.params.values);
  const page = l.params.page(l.page);
  return { rows: await rows<R>(db, `SELECT ${l.columns} FROM ${l.from} ${w} ORDER BY ${l.orderBy}${page}`, l.params.values), total };
}
