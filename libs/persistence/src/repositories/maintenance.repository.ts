import { rows, type Db } from '../sql';

/** The worker's housekeeping queries that belong to no aggregate: the sweep's guard, the liveness probe, the notice check. */
export class MaintenanceRepository {
  /** Only one replica sweeps at a time: a transaction-scoped advisory lock, held by the caller's transaction. */
  async tryLockSweep(db: Db): Promise<boolean> {
    const [r] = await rows<{ locked: boolean }>(db, `SELECT pg_try_advisory_xact_lock(hashtext('sn:worker'), hashtext('sweep')) AS locked`);
    return r.locked;
  }

  async ping(db: Db): Promise<void> {
    await db.query('SELECT 1');
  }

  /**
   * Cases whose confirmed freeze may lack its merchant notice (docs/domain.md "Merchant notice"): confirmed before
   * `cutoff`, no notice, not lifted, the last answer not a rejection, and not alerted yet. Each is then checked
   * through the write path (`freeze_notice_check`), which decides.
   */
  async freezeNoticeCandidates(db: Db, cutoff: Date, limit: number): Promise<string[]> {
    const found = await rows<{ case_id: string }>(
      db,
      `SELECT f.case_id FROM case_freezes f
        WHERE f.confirmed_at IS NOT NULL AND f.confirmed_at <= $1 AND f.notice_recorded_at IS NULL AND f.unfrozen_at IS NULL
          AND f.last_answer IS DISTINCT FROM 'rejected'
          AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.type = 'freeze_notice.missing' AND a.dedupe_key = 'freeze_notice.missing:' || f.case_id::text)
        ORDER BY f.confirmed_at LIMIT $2`,
      [cutoff, limit],
    );
    return found.map((r) => r.case_id);
  }
}
