import { maybeOne, type Db } from '../sql';

/** A saved queue as claim-next reads it: its team and its (stored, not yet validated) case filter. */
export interface QueueScopeRow {
  id: string;
  team_id: string | null;
  filter: Record<string, unknown> | null;
}

/** Queues (docs/domain.md "Teams and queues"). */
export class QueuesRepository {
  async scope(db: Db, id: string): Promise<QueueScopeRow | undefined> {
    return maybeOne<QueueScopeRow>(db, `SELECT id, team_id, filter FROM queues WHERE id = $1`, [id]);
  }
}
