import type { QueueCounts } from '@sentinel/contracts';
import { affected, maybeOne, one, rows, type Db } from '../sql';
import { caseFilterSql, type CaseFilter } from './case-filter.sql';
import { countedList, likePrefix, SqlParams, type Page, type SortOrder } from './list-sql';

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

/** A saved queue as claim-next reads it: its team and its (stored, not yet validated) case filter. */
export interface QueueScopeRow {
  id: string;
  team_id: string | null;
  filter: Record<string, unknown> | null;
}

/** A queue whose counts are wanted, with its stored filter already validated (`parseCaseFilter` in the API). */
export interface QueueToCount {
  id: string;
  teamId: string | null;
  filter: CaseFilter;
}

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
    const orderBy = `${QUEUE_SORT_COLUMNS[c.sort.field]} ${c.sort.order}, id ${c.sort.order}`;
    return countedList<QueueRow>(db, { from: 'queues', columns: COLUMNS, where, params: p, orderBy, page: c.page });
  }

  /** The team and stored filter of a queue (claim-next from a queue). */
  scope(db: Db, id: string): Promise<QueueScopeRow | undefined> {
    return maybeOne<QueueScopeRow>(db, `SELECT id, team_id, filter FROM queues WHERE id = $1`, [id]);
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
   * its filter — the case list's own `caseFilterSql` — and team select), joined with UNION ALL.
   */
  async counts(db: Db, queues: QueueToCount[]): Promise<Map<string, QueueCounts>> {
    const result = new Map<string, QueueCounts>();
    if (!queues.length) return result;
    const p = new SqlParams();
    const parts = queues.map((q) => {
      const where = caseFilterSql(q.filter, (v) => p.add(v));
      const team = q.teamId ? ` AND c.team_id = ${p.add(q.teamId)}` : '';
      return `SELECT ${p.add(q.id)}::uuid AS id,
                count(*)::int AS open,
                (count(*) FILTER (WHERE c.assignee_id IS NULL))::int AS unassigned,
                (count(*) FILTER (WHERE c.sla_state = 'warning'))::int AS warning,
                (count(*) FILTER (WHERE c.sla_state = 'breached'))::int AS breached
           FROM cases c WHERE c.status = 'open'${team} AND (${where})`;
    });
    for (const { id, ...c } of await rows<QueueCounts & { id: string }>(db, parts.join('\nUNION ALL\n'), p.values)) result.set(id, c);
    return result;
  }
}
