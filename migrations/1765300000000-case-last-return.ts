import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `return_to_analyst` (docs/api.md "Case actions"): the case shows its latest return, `lastReturn: { reason, by, at }`.
 * Kept on the case row (the event holds the same facts, chained), so the page and lists read it without the chain.
 */
export class CaseLastReturn1765300000000 implements MigrationInterface {
  name = 'CaseLastReturn1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE cases
        ADD COLUMN last_return_reason text,
        ADD COLUMN last_return_by uuid REFERENCES users(id),
        ADD COLUMN last_return_at timestamptz,
        ADD CONSTRAINT ck_case_last_return CHECK ((last_return_at IS NULL) = (last_return_by IS NULL) AND (last_return_at IS NULL) = (last_return_reason IS NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE cases
        DROP CONSTRAINT IF EXISTS ck_case_last_return,
        DROP COLUMN IF EXISTS last_return_at,
        DROP COLUMN IF EXISTS last_return_by,
        DROP COLUMN IF EXISTS last_return_reason`);
  }
}
