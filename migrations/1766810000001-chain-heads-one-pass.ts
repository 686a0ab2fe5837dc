import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The trigger function of migration 1766400000000; `heads` is the statement that finds each case's first and last new event. */
function followHead(heads: string): string {
  return `
      CREATE OR REPLACE FUNCTION case_events_follow_head() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
      SET search_path = pg_catalog, public AS $$
      DECLARE
        bad record;
        expected int;
        moved uuid[];
      BEGIN
        SELECT n.case_id, n.seq INTO bad FROM (
          SELECT e.case_id, e.seq, e.at, e.prev_hash,
                 lag(e.seq) OVER w AS p_seq, lag(e.hash) OVER w AS p_hash, lag(e.at) OVER w AS p_at
            FROM new_events e WINDOW w AS (PARTITION BY e.case_id ORDER BY e.seq)) n
         WHERE n.p_seq IS NOT NULL AND (n.seq <> n.p_seq + 1 OR n.prev_hash <> n.p_hash OR n.at < n.p_at)
         LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'audit chain: event % of case % does not follow the event before it (seq, prev_hash or at)', bad.seq, bad.case_id
            USING ERRCODE = 'check_violation';
        END IF;
        SELECT count(DISTINCT case_id) INTO expected FROM new_events;
        ${heads}
        IF cardinality(moved) <> expected THEN
          SELECT f.case_id, f.seq INTO bad
            FROM (SELECT DISTINCT ON (case_id) case_id, seq FROM new_events ORDER BY case_id, seq) f
           WHERE f.case_id <> ALL (moved) LIMIT 1;
          RAISE EXCEPTION 'audit chain: event % of case % does not follow the case''s head (seq, prev_hash or at)', bad.seq, bad.case_id
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
      END $$`;
}

/** Before: each case's first and last event from two DISTINCT ON subqueries joined on case_id (a nested loop: quadratic). */
const TWO_PASSES = `WITH f AS (SELECT DISTINCT ON (case_id) case_id, seq, prev_hash, at FROM new_events ORDER BY case_id, seq),
             l AS (SELECT DISTINCT ON (case_id) case_id, seq, hash, at FROM new_events ORDER BY case_id, seq DESC),
             m AS (
               UPDATE cases c SET last_event_seq = l.seq, head_hash = l.hash, head_at = l.at
                 FROM f JOIN l USING (case_id)
                WHERE c.id = f.case_id AND c.last_event_seq = f.seq - 1 AND c.head_hash = f.prev_hash
                  AND (c.head_at IS NULL OR f.at >= c.head_at)
               RETURNING c.id)
        SELECT coalesce(array_agg(id), '{}') INTO moved FROM m;`;

/** After: both in one grouped pass over the new events (same checks, same head moves). */
const ONE_PASS = `WITH fl AS (
               SELECT case_id,
                      min(seq) AS first_seq, (array_agg(prev_hash ORDER BY seq))[1] AS first_prev, (array_agg(at ORDER BY seq))[1] AS first_at,
                      max(seq) AS last_seq, (array_agg(hash ORDER BY seq DESC))[1] AS last_hash, (array_agg(at ORDER BY seq DESC))[1] AS last_at
                 FROM new_events GROUP BY case_id),
             m AS (
               UPDATE cases c SET last_event_seq = fl.last_seq, head_hash = fl.last_hash, head_at = fl.last_at
                 FROM fl
                WHERE c.id = fl.case_id AND c.last_event_seq = fl.first_seq - 1 AND c.head_hash = fl.first_prev
                  AND (c.head_at IS NULL OR fl.first_at >= c.head_at)
               RETURNING c.id)
        SELECT coalesce(array_agg(id), '{}') INTO moved FROM m;`;

/**
 * The case chain trigger (migration 1766400000000) found each case's first and last new event with two DISTINCT ON
 * subqueries joined by a nested loop: fine for the one case a write-path statement appends to, quadratic for the
 * historical import's statements that append to 1,000 new cases at once (0.6 s per 1,000 cases). Same checks and
 * head moves, one grouped pass.
 */
export class ChainHeadsOnePass1766810000001 implements MigrationInterface {
  name = 'ChainHeadsOnePass1766810000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(followHead(ONE_PASS));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(followHead(TWO_PASSES));
  }
}
