import type { ClockState, NotificationStatus, Stage } from '@sentinel/contracts';
import { maybeOne, rows, type Db } from '../sql';

export interface StageCount {
  stage: Stage;
  n: number;
}

export interface OpenClockCount {
  stage: Stage;
  state: Extract<ClockState, 'on_track' | 'warning' | 'breached'>;
  n: number;
}

export interface NotificationStatusCount {
  status: NotificationStatus;
  n: number;
}

/**
 * Figures for health checks and Prometheus metrics (docs/api-decisions.md "Operations"), cheap aggregate reads; and
 * the queue board's check of the session behind its cookie.
 */
export class OperationsRepository {
  /** A round trip to the database (health). */
  async ping(db: Db): Promise<void> {
    await rows(db, 'SELECT 1');
  }

  /** Clocks that ever breached, per stage. */
  breachesByStage(db: Db): Promise<StageCount[]> {
    return rows<StageCount>(db, `SELECT stage, count(*)::int AS n FROM sla_clocks WHERE breached_at IS NOT NULL GROUP BY stage`);
  }

  /** Running clocks per stage and state. */
  openClocks(db: Db): Promise<OpenClockCount[]> {
    return rows<OpenClockCount>(
      db,
      `SELECT stage, state, count(*)::int AS n FROM sla_clocks WHERE state IN ('on_track','warning','breached') GROUP BY stage, state`,
    );
  }

  notificationsByStatus(db: Db): Promise<NotificationStatusCount[]> {
    return rows<NotificationStatusCount>(db, `SELECT status, count(*)::int AS n FROM notifications GROUP BY status`);
  }

  /**
   * The role of the user behind an API session that is neither revoked nor expired (idle or absolute) and whose user
   * is active; undefined otherwise (the queue board's cookie then ends).
   */
  async liveSessionRole(db: Db, sessionId: string): Promise<string | undefined> {
    const row = await maybeOne<{ role: string }>(
      db,
      `SELECT u.role FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = $1 AND s.revoked_at IS NULL AND s.idle_expires_at > now() AND s.absolute_expires_at > now() AND u.active`,
      [sessionId],
    );
    return row?.role;
  }
}
