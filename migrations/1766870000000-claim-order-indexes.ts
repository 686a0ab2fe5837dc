import type { MigrationInterface, QueryRunner } from 'typeorm';

const CLAIMABLE = `status = 'open' AND assignee_id IS NULL AND stage <> 'review'`;

/**
 * claim-next (docs/api.md) in its exact order — `sla_rank, priority_rank, due_at NULLS LAST, created_at, id` — for
 * every shape it issues (issue 14). `ix_case_claimable` led with `team_id` and lacked `created_at`, so a claim
 * without a team (a user of no team, a queue spanning teams) sorted every claimable case, and one with a team ran
 * an incremental sort. Now: `ix_case_claimable_any_team` in claim order, and `ix_case_claimable` per team in claim
 * order; each claim is an index scan stopped by its LIMIT 1. Both are partial (claimable cases only), so a change
 * to any other case writes neither.
 */
export class ClaimOrderIndexes1766870000000 implements MigrationInterface {
  name = 'ClaimOrderIndexes1766870000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_case_claimable_any_team ON cases (sla_rank, priority_rank, due_at, created_at, id) WHERE ${CLAIMABLE}`);
    await q.query(`DROP INDEX ix_case_claimable`);
    await q.query(`CREATE INDEX ix_case_claimable ON cases (team_id, sla_rank, priority_rank, due_at, created_at, id) WHERE ${CLAIMABLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_case_claimable`);
    await q.query(`CREATE INDEX ix_case_claimable ON cases (team_id, sla_rank, priority_rank, due_at, id) WHERE ${CLAIMABLE}`);
    await q.query(`DROP INDEX ix_case_claimable_any_team`);
  }
}
