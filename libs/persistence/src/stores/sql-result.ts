/**
 * TypeORM's postgres driver answers `UPDATE … RETURNING` / `DELETE … RETURNING` with `[rows, affected]`,
 * but `SELECT` and `INSERT … RETURNING` with the rows. This returns the rows either way.
 */
export function resultRows<T = unknown>(r: unknown): T[] {
  if (Array.isArray(r) && r.length === 2 && Array.isArray(r[0]) && typeof r[1] === 'number') return r[0] as T[];
  return (r as T[]) ?? [];
}
