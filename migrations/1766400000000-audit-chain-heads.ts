import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The database keeps the audit chains' heads itself (docs/architecture.md "Audit"): after every INSERT into
 * `case_events` / `system_events`, a statement trigger checks that the new events continue their chain — the first
 * of each case follows the case's head (`seq` = head + 1, `prev_hash` = head hash, `at` not before the head's), the
 * others follow each other — and moves the head (`cases.last_event_seq`, `head_hash`, `head_at`;
 * `system_chain_head`). Anything else is refused, so whoever holds the app's credentials cannot fork a chain,
 * back-date an event or move a head forward by hand: the app role may not update the head columns at all
 * (tools/migrate/app-role.ts); the trigger functions run as their owner (SECURITY DEFINER).
 */
export class AuditChainHeads1766400000000 implements MigrationInterface {
  name = 'AuditChainHeads1766400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases ADD COLUMN head_at timestamptz(3)`);
    await q.query(`ALTER TABLE system_chain_head ADD COLUMN head_at timestamptz(3)`);
    await q.query(`UPDATE cases c SET head_at = e.at FROM case_events e WHERE e.case_id = c.id AND e.seq = c.last_event_seq`);
    await q.query(`UPDATE system_chain_head h SET head_at = e.at FROM system_events e WHERE e.seq = h.last_seq`);

    await q.query(`
      CREATE FUNCTION case_events_follow_head() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
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
        WITH f AS (SELECT DISTINCT ON (case_id) case_id, seq, prev_hash, at FROM new_events ORDER BY case_id, seq),
             l AS (SELECT DISTINCT ON (case_id) case_id, seq, hash, at FROM new_events ORDER BY case_id, seq DESC),
             m AS (
               UPDATE cases c SET last_event_seq = l.seq, head_hash = l.hash, head_at = l.at
                 FROM f JOIN l USING (case_id)
                WHERE c.id = f.case_id AND c.last_event_seq = f.seq - 1 AND c.head_hash = f.prev_hash
                  AND (c.head_at IS NULL OR f.at >= c.head_at)
               RETURNING c.id)
        SELECT coalesce(array_agg(id), '{}') INTO moved FROM m;
        IF cardinality(moved) <> expected THEN
          SELECT f.case_id, f.seq INTO bad
            FROM (SELECT DISTINCT ON (case_id) case_id, seq FROM new_events ORDER BY case_id, seq) f
           WHERE f.case_id <> ALL (moved) LIMIT 1;
          RAISE EXCEPTION 'audit chain: event % of case % does not follow the case''s head (seq, prev_hash or at)', bad.seq, bad.case_id
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER trg_case_events_follow_head AFTER INSERT ON case_events
      REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION case_events_follow_head()`);

    await q.query(`
      CREATE FUNCTION system_events_follow_head() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
      SET search_path = pg_catalog, public AS $$
      DECLARE
        bad record;
        n int;
      BEGIN
        SELECT count(*) INTO n FROM new_events;
        IF n = 0 THEN RETURN NULL; END IF;
        SELECT x.seq INTO bad FROM (
          SELECT e.seq, e.at, e.prev_hash, lag(e.seq) OVER w AS p_seq, lag(e.hash) OVER w AS p_hash, lag(e.at) OVER w AS p_at
            FROM new_events e WINDOW w AS (ORDER BY e.seq)) x
         WHERE x.p_seq IS NOT NULL AND (x.seq <> x.p_seq + 1 OR x.prev_hash <> x.p_hash OR x.at < x.p_at)
         LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'audit chain: system event % does not follow the event before it (seq, prev_hash or at)', bad.seq
            USING ERRCODE = 'check_violation';
        END IF;
        UPDATE system_chain_head h SET last_seq = l.seq, head_hash = l.hash, head_at = l.at
          FROM (SELECT seq, prev_hash, at FROM new_events ORDER BY seq LIMIT 1) f,
               (SELECT seq, hash, at FROM new_events ORDER BY seq DESC LIMIT 1) l
         WHERE h.id = 1 AND h.last_seq = f.seq - 1 AND h.head_hash = f.prev_hash AND (h.head_at IS NULL OR f.at >= h.head_at);
        IF NOT FOUND THEN
          RAISE EXCEPTION 'audit chain: system event % does not follow the system head (seq, prev_hash or at)', (SELECT min(seq) FROM new_events)
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER trg_system_events_follow_head AFTER INSERT ON system_events
      REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION system_events_follow_head()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS trg_system_events_follow_head ON system_events`);
    await q.query(`DROP TRIGGER IF EXISTS trg_case_events_follow_head ON case_events`);
    await q.query(`DROP FUNCTION IF EXISTS system_events_follow_head()`);
    await q.query(`DROP FUNCTION IF EXISTS case_events_follow_head()`);
    await q.query(`ALTER TABLE system_chain_head DROP COLUMN IF EXISTS head_at`);
    await q.query(`ALTER TABLE cases DROP COLUMN IF EXISTS head_at`);
  }
}
