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

/** One SQL statement not yet sent: repositories build them, the case writer sends a plan's writes together. */
/** The rollback to a savepoint failed (the connection is gone): the whole transaction is lost, not just the item. */
export class SavepointLost extends Error {
  constructor(override readonly cause: unknown) {
    super(`rollback to savepoint failed: ${(cause as Error)?.message ?? String(cause)}`);
  }
}

/**
 * Runs `fn` inside a savepoint of the caller's transaction: its writes are kept when it returns and rolled back alone
 * when it throws (the error is rethrown). When the rollback itself fails (the connection gone) it throws
 * `SavepointLost`, which the caller must let through to fail the transaction. For batches where one bad item must
 * not undo the others.
 */
export async function inSavepoint<T>(db: Db, fn: () => Promise<T>, name = 'item'): Promise<T> {
  await db.query(`SAVEPOINT ${name}`);
  try {
    const result = await fn();
    await db.query(`RELEASE SAVEPOINT ${name}`);
    return result;
  } catch (e) {
    await db.query(`ROLLBACK TO SAVEPOINT ${name}`).catch((lost: unknown) => {
      throw new SavepointLost(lost);
    });
    throw e;
  }
}

export interface Statement {
  text: string;
  values: unknown[];
  /** the statement has a RETURNING clause whose rows `runTogether` counts (e.g. alerts actually raised) */
  counted?: boolean;
  /**
   * the rows of the statement's only parameter `$1` (a `jsonb_to_recordset`), each naming its own case: statements
   * of the same text are folded into one over all their rows (`foldInserts`)
   */
  recordset?: object[];
}

/** Numbered parameters for a statement built piece by piece: `p(value)` adds the value and returns its `$n`. */
export function params(): { values: unknown[]; p: (value: unknown) => string } {
  const values: unknown[] = [];
  return { values, p: (value: unknown) => `$${values.push(value)}` };
}

/**
 * Sends several data-modifying statements in one round trip, as the parts of one `WITH … SELECT` (their
 * parameters renumbered; the texts hold no other `$`). PostgreSQL runs every data-modifying WITH part exactly once
 * and checks foreign keys at the end of the statement, so a new case and its rows may come in any order. The parts
 * must not modify the same row twice and must not read each other's effects (they all see the snapshot from before
 * the statement) — true of a plan's writes, which touch distinct rows — and their own WITH parts may only read
 * (PostgreSQL allows data-modifying WITH only at the top level). A single statement is sent as it is.
 * Returns, per statement, how many rows it returned when `counted` (else 0).
 */
export async function runTogether(db: Db, statements: Statement[]): Promise<number[]> {
  if (!statements.length) return [];
  if (statements.length === 1) {
    const only = statements[0];
    const out = await rows<unknown>(db, only.text, only.values);
    return [only.counted ? out.length : 0];
  }
  const values: unknown[] = [];
  const parts = statements.map((s, i) => {
    const offset = values.length;
    values.push(...s.values);
    const text = s.text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
    return `w${i} AS (${text})`;
  });
  const counts = statements.map((s, i) => (s.counted ? `(SELECT count(*) FROM w${i})::int` : '0'));
  const [row] = await rows<{ counts: number[] }>(db, `WITH ${parts.join(',\n')}\nSELECT ARRAY[${counts.join(', ')}] AS counts`, values);
  return row.counts;
}

const ONE_ROW_INSERT = /^(\s*INSERT INTO [\s\S]*?\bVALUES\s*)\(([^()]*)\)(\s*(?:ON CONFLICT [\s\S]*)?)$/;

/**
 * Folds one-row `INSERT … VALUES (…) [ON CONFLICT …]` statements of the same text into one multi-row INSERT, and
 * `recordset` statements of the same text into one over all their rows (in the order they came; other statements stay as they are, after them in their order). For the writes of several
 * plans over distinct cases (their rows are distinct, so an ON CONFLICT … DO UPDATE meets each row once).
 * Counted statements are never folded.
 */
export function foldInserts(statements: Statement[]): Statement[] {
  const groups = new Map<string, { head: string; tuple: string; tail: string; list: Statement[] }>();
  const out: Array<Statement | { group: string }> = [];
  for (const s of statements) {
    if (s.recordset && !s.counted) {
      const g = groups.get(s.text);
      if (g) g.list.push(s);
      else {
        groups.set(s.text, { head: '', tuple: '', tail: '', list: [s] });
        out.push({ group: s.text });
      }
      continue;
    }
    const m = s.counted ? null : ONE_ROW_INSERT.exec(s.text);
    if (m && (m[1].includes('$') || m[3].includes('$'))) {
      out.push(s);
      continue;
    }
    if (!m) {
      out.push(s);
      continue;
    }
    const g = groups.get(s.text);
    if (g) g.list.push(s);
    else {
      groups.set(s.text, { head: m[1], tuple: m[2], tail: m[3], list: [s] });
      out.push({ group: s.text });
    }
  }
  return out.map((x) => {
    if (!('group' in x)) return x;
    const g = groups.get(x.group)!;
    if (g.list.length === 1) return g.list[0];
    if (g.list[0].recordset) {
      const all = g.list.flatMap((s) => s.recordset ?? []);
      return { text: x.group, values: [JSON.stringify(all)], recordset: all };
    }
    const values: unknown[] = [];
    const tuples = g.list.map((s) => {
      const offset = values.length;
      values.push(...s.values);
      return `(${g.tuple.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)})`;
    });
    return { text: `${g.head}${tuples.join(',\n')}${g.tail}`, values };
  });
}

/** An int8 column (pg returns it as a string) as a number; our int8 values (money, sizes) stay below 2^53. */
export function int8(v: string | number | null): number | null {
  if (v === null) return null;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${String(v)} is not a safe integer`);
  return n;
}

/** A timestamptz read through JSON (json_build_object, row_to_json) arrives as text. */
export function date(v: string | Date): Date;
export function date(v: string | Date | null): Date | null;
export function date(v: string | Date | null): Date | null {
  return v === null ? null : v instanceof Date ? v : new Date(v);
}
