import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Aftercare (docs/api.md "Aftercare and watchlist"): a terminal's replacement (old ↔ new SN), the watchlist of SNs
 * and MIDs (filled when a case closes as confirmed_misuse, or by hand), and the reports that matched it.
 */
export class Aftercare1766520000000 implements MigrationInterface {
  name = 'Aftercare1766520000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE terminals ADD COLUMN replaced_by_sn text, ADD COLUMN replaced_at timestamptz, ADD COLUMN replaces_sn text`);
    await q.query(`
      CREATE TABLE watchlist_entries (
        id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('sn','mid')),
        value text NOT NULL,
        case_id uuid REFERENCES cases(id),
        added_at timestamptz NOT NULL,
        added_by text NOT NULL,
        resolved_by uuid REFERENCES users(id),
        expires_at timestamptz NOT NULL,
        reason text,
        removed_at timestamptz,
        removed_by uuid REFERENCES users(id),
        removed_reason text,
        CONSTRAINT ck_watchlist_removed CHECK ((removed_at IS NULL) = (removed_reason IS NULL))
      )`);
    // Intake's lookup: active entries of a value.
    await q.query(`CREATE INDEX ix_watchlist_value ON watchlist_entries (kind, value, expires_at) WHERE removed_at IS NULL`);
    await q.query(`CREATE INDEX ix_watchlist_added ON watchlist_entries (added_at DESC)`);
    await q.query(`
      CREATE TABLE watchlist_hits (
        case_id uuid NOT NULL REFERENCES cases(id),
        entry_id uuid NOT NULL REFERENCES watchlist_entries(id),
        report_id uuid NOT NULL,
        at timestamptz NOT NULL,
        PRIMARY KEY (case_id, entry_id, report_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS watchlist_hits`);
    await q.query(`DROP TABLE IF EXISTS watchlist_entries`);
    await q.query(`ALTER TABLE terminals DROP COLUMN IF EXISTS replaced_by_sn, DROP COLUMN IF EXISTS replaced_at, DROP COLUMN IF EXISTS replaces_sn`);
  }
}
