import type { QueueCounts } from '@sentinel/contracts';
import { affected, maybeOne, one, rows, type Db } from '../sql';
import { likePrefix, SqlParams, whereSql, type Page, type SortOrder } from './list-sql';

/** A `queues` row. */
export interface QueueRow {
  id: string;
  name: string;
  team_id: string | null;
  filter: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

export const QUEUE_SORT_COLUMNS = { name: 'name', createdAt: 'created_at', id: 'id' } as const;
export type QueueSort = keyof typeof QUEUE_SORT_COLUMNS;

export interface QueueListCriteria {
  /** Case-insensitive name prefix. */
  namePrefix?: string;
  /** Queues of these teams (`includeNoTeam`: and those of every team). */
  teamIds?: string[];
  includeNoTeam?: boolean;
  ids?: string[];
  sort: { field: QueueSort; order: SortOrder };
  page?: Page;
}

/**
 * The WHERE fragment over `cases c` of a saved case filter, its values added to `params` (the case list's own filter
 * builder, so a queue counts exactly what `GET /api/cases` with that filter lists). Throws when the filter no longer
 * validates.
 */
export type CaseFilterSql = (filter: Record<string, unknown>, params: unknown[]) => string;

const COLUMNS = 'id, name, team_id, filter, created_at, updated_at';

/** Work queues (docs/domain.md "Teams and queues"): saved filters of open cases and their live counts. */
export class QueuesRepository {
  async list(db: Db, c: QueueListCriteria): Promise<{ rows: QueueRow[]; total: number }> {
    const p = new SqlParams();
    const where: string[] = [];
    if (c.namePrefix !== undefined) where.push(`name ILIKE ${p.add(likePrefix(c.namePrefix))}`);
    if (c.teamIds !== undefined || c.includeNoTeam) {
      const ors = [...(c.teamIds?.length ? [`team_id = ANY(${p.add(c.teamIds)}::uuid[])`] : []), ...(c.includeNoTeam ? ['team_id IS NULL'] : [])];
      where.push(ors.length ? `(${ors.join(' OR ')})` : 'FALSE');
    }
    if (c.ids) where.push(`id = ANY(${p.add(c.ids)}::uuid[])`);
    const w = whereSql(where);
    const { total } = await one<{ total: number }>(db, `SELECT count(*)::int AS total FROM queues ${w}`, p.values);
    const order = `${QUEUE_SORT_COLUMNS[c.sort.field]} ${c.sort.order}, id ${c.sort.order}`;
    const page = p.page(c.page);
    return { rows: await rows<QueueRow>(db, `SELECT ${COLUMNS} FROM queues ${w} ORDER BY ${order}${page}`, p.values), total };
  }

  findById(db: Db, id: string, opts: { lock?: boolean } = {}): Promise<QueueRow | undefined> {
    return maybeOne<QueueRow>(db, `SELECT ${COLUMNS} FROM queues WHERE id = $1${opts.lock ? ' FOR UPDATE' : ''}`, [id]);
  }

  insert(db: Db, q: { name: string; teamId: string | null; filter: Record<string, unknown>; createdBy: string }): Promise<QueueRow> {
    return one<QueueRow>(db, `INSERT INTO queues (name, team_id, filter, created_by) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`, [
      q.name,
      q.teamId,
      JSON.stringify(q.filter),
      q.createdBy,
    ]);
  }

  update(db: Db, id: string, q: { name: string; teamId: string | null; filter: Record<string, unknown> }, now: Date): Promise<QueueRow> {
    return one<QueueRow>(db, `UPDATE queues SET name = $2, team_id = $3, filter = $4, updated_at = $5 WHERE id = $1 RETURNING ${COLUMNS}`, [
      id,
      q.name,
      q.teamId,
      JSON.stringify(q.filter),
      now,
    ]);
  }

  async delete(db: Db, id: string): Promise<void> {
    await affected(db, `DELETE FROM queues WHERE id = $1`, [id]);
  }

  /** Whether a team exists, read `FOR SHARE` so it cannot be deleted before the transaction commits. */
  async teamExists(db: Db, teamId: string): Promise<boolean> {
    return (await maybeOne(db, `SELECT 1 FROM teams WHERE id = $1 FOR SHARE`, [teamId])) !== undefined;
  }

  /**
   * Counts of every given queue in one round trip: one aggregate per queue (`count(*) FILTER (…)` over the open cases
   * its filter and team select), joined with UNION ALL. A queue whose stored filter no longer validates is left out
   * (the caller shows `counts: null`).
   */
  async counts(db: Db, queues: QueueRow[], caseFilterSql: CaseFilterSql): Promise<Map<string, QueueCounts>> {
    const result = new Map<string, QueueCounts>();
    const params: unknown[] = [];
    const parts: string[] = [];
    for (const q of queues) {
      const mark = params.length;
      let where: string;
      try {
        where = caseFilterSql(q.filter ?? {}, params);
      } catch {
        params.length = mark;
        continue;
      }
      const team = q.team_id ? ` AND c.team_id = $${params.push(q.team_id)}` : '';
      parts.push(
        `SELECT $${params.push(q.id)}::uuid AS id,
                count(*)::int AS open,
                (count(*) FILTER (WHERE c.assignee_id IS NULL))::int AS unassigned,
                (count(*) FILTER (WHERE c.sla_state = 'warning'))::int AS warning,
                (count(*) FILTER (WHERE c.sla_state = 'breached'))::int AS breached
           FROM cases c WHERE c.status = 'open'${team} AND (${where})`,
      );
    }
    if (!parts.length) return result;
    for (const { id, ...c } of await rows<QueueCounts & { id: string }>(db, parts.join('\nUNION ALL\n'), params)) result.set(id, c);
    return result;
  }
}
