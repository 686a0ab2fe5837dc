import type { ClockState, NotificationStatus, Stage } from '@sentinel/contracts';
import { rows, type Db } from '../sql';

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

/** Figures for health checks and Prometheus metrics (docs/api-decisions.md "Operations"); cheap aggregate reads. */
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
}
