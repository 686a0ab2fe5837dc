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
