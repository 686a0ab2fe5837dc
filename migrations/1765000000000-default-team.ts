import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Name of the team this migration creates (a suffix is added if an admin already uses the name). */
export const DEFAULT_TEAM_NAME = 'Default team';

/**
 * Exactly one default team, always (docs/domain.md "Teams and queues": a new case goes to the team serving its bank,
 * else the default team). `uq_team_default` already allows at most one; this migration
 *  - creates one on a database that has none (a fresh installation, or an existing one where nobody set it), and
 *  - adds a deferred constraint trigger that refuses, at commit, any transaction leaving no default team: the API
 *    answers 422 before it gets there; the trigger is the last line against hand-written SQL. Moving the flag
 *    (clear the old default, set the new) in one transaction passes, because the check runs at commit.
 * The team is installation data, not an admin's write, so no system-chain event records its creation; every later
 * change of it is audited like any team's (`team.updated`, `team.deleted`).
 */
export class DefaultTeam1765000000000 implements MigrationInterface {
  name = 'DefaultTeam1765000000000';

  async up(q: QueryRunner): Promise<void> {
    const existing: Array<{ id: string }> = await q.query(`SELECT id FROM teams WHERE is_default`);
    if (existing.length === 0) {
      const taken: Array<{ name: string }> = await q.query(`SELECT lower(name) AS name FROM teams WHERE lower(name) LIKE lower($1) || '%'`, [
        DEFAULT_TEAM_NAME,
      ]);
      const names = new Set(taken.map((t) => t.name));
      let name = DEFAULT_TEAM_NAME;
      for (let n = 2; names.has(name.toLowerCase()); n++) name = `${DEFAULT_TEAM_NAME} ${n}`;
      await q.query(`INSERT INTO teams (name, bank_codes, is_default) VALUES ($1, '{}', true)`, [name]);
    }
    await q.query(`
      CREATE FUNCTION team_default_must_exist() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM teams WHERE is_default) THEN
          RAISE EXCEPTION 'there must always be exactly one default team'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'team_default_exists';
        END IF;
        RETURN NULL;
      END
      $$`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER trg_team_default_exists
        AFTER UPDATE OF is_default OR DELETE ON teams
        DEFERRABLE INITIALLY DEFERRED
        FOR EACH ROW EXECUTE FUNCTION team_default_must_exist()`);
  }

  /** Drops the rule; removes the team this migration made only while it is still unused (no users, cases, queues). */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS trg_team_default_exists ON teams`);
    await q.query(`DROP FUNCTION IF EXISTS team_default_must_exist()`);
    await q.query(
      `DELETE FROM teams t
        WHERE t.is_default AND t.name LIKE $1 || '%' AND t.bank_codes = '{}'
          AND NOT EXISTS (SELECT 1 FROM users u WHERE u.team_id = t.id)
          AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.team_id = t.id)
          AND NOT EXISTS (SELECT 1 FROM queues qu WHERE qu.team_id = t.id)`,
      [DEFAULT_TEAM_NAME],
    );
  }
}
