import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The service user the CLI import files its reports under (`reports.submitted_by`); it cannot sign in. */
export const IMPORT_USER_ID = '00000000-0000-4000-8000-00000000e001';

/**
 * Historical import (docs/api.md "Historical import"): each imported report keeps its row's `externalId`, unique, so
 * re-running a file imports nothing twice; `imports` holds the progress and per-row errors of an upload
 * (`GET /api/imports/:id`); the CLI's reports are submitted by an inactive, password-less service user.
 */
export class HistoricalImport1766810000000 implements MigrationInterface {
  name = 'HistoricalImport1766810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reports ADD COLUMN external_id text`);
    await q.query(`CREATE UNIQUE INDEX uq_report_external_id ON reports (external_id) WHERE external_id IS NOT NULL`);
    await q.query(
      `INSERT INTO users (id, email, name, role, active, deactivated_at) VALUES ($1, 'import@system.invalid', 'Historical import', 'intake', false, now())`,
      [IMPORT_USER_ID],
    );
    await q.query(`
      CREATE TABLE imports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        file_sha256 text NOT NULL,
        status text NOT NULL CHECK (status IN ('running','done','failed')),
        rows integer NOT NULL DEFAULT 0,
        done integer NOT NULL DEFAULT 0,
        skipped integer NOT NULL DEFAULT 0,
        failed integer NOT NULL DEFAULT 0,
        errors jsonb NOT NULL DEFAULT '[]'::jsonb,
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS imports`);
    await q.query(`DROP INDEX IF EXISTS uq_report_external_id`);
    await q.query(`ALTER TABLE reports DROP COLUMN IF EXISTS external_id`);
    await q.query(`DELETE FROM users WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM reports WHERE submitted_by = $1)`, [IMPORT_USER_ID]);
  }
}
