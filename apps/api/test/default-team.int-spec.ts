import type { DataSource, QueryRunner } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@sentinel/testing';
import { DefaultTeam1765000000000 } from '../../../migrations/1765000000000-default-team';

/** The migration that gives every installation exactly one default team, and the database rule it adds. */
describe(DefaultTeam1765000000000.name, () => {
  let db: TestDatabase;
  let ds: DataSource;
  let qr: QueryRunner;
  const migration = new DefaultTeam1765000000000();
  const defaults = () => ds.query(`SELECT name FROM teams WHERE is_default ORDER BY name`);

  beforeAll(async () => {
    db = await createTestDatabase('default_team');
    ds = db.dataSource;
    qr = ds.createQueryRunner();
  });
  afterAll(async () => {
    await qr?.release();
    await db?.drop();
  });

  it('should have made one default team on the fresh database', async () => {
    expect(await defaults()).toEqual([{ name: 'Default team' }]);
  });

  it('should refuse, at commit, a transaction that leaves no default team, and allow moving the flag', async () => {
    const failure = await ds.query(`UPDATE teams SET is_default = false WHERE is_default`).catch((e: { driverError?: { code?: string } }) => e);
    expect((failure as { driverError?: { code?: string } }).driverError?.code).toBe('23514');
    const deleteFailure = await ds.query(`DELETE FROM teams WHERE is_default`).catch((e: { driverError?: { code?: string } }) => e);
    expect((deleteFailure as { driverError?: { code?: string } }).driverError?.code).toBe('23514');
    await ds.transaction(async (tx) => {
      await tx.query(`UPDATE teams SET is_default = false WHERE is_default`);
      await tx.query(`INSERT INTO teams (name, is_default) VALUES ('Moved here', true)`);
    });
    expect(await defaults()).toEqual([{ name: 'Moved here' }]);
    await ds.transaction(async (tx) => {
      await tx.query(`UPDATE teams SET is_default = false WHERE is_default`);
      await tx.query(`UPDATE teams SET is_default = true WHERE name = 'Default team'`);
      await tx.query(`DELETE FROM teams WHERE name = 'Moved here'`);
    });
    expect(await defaults()).toEqual([{ name: 'Default team' }]);
  });

  it('should revert: drop the rule and remove its team only while nothing uses it', async () => {
    await migration.down(qr);
    expect(await defaults()).toEqual([]);
    // without the rule, no default is allowed again; up() on a database with teams but no default makes one,
    // choosing a free name when an admin already has "Default team"
    await ds.query(`INSERT INTO teams (name) VALUES ('default TEAM'), ('Default team 2')`);
    await migration.up(qr);
    expect(await defaults()).toEqual([{ name: 'Default team 3' }]);

    // a default team that is in use stays when reverting
    await ds.query(`INSERT INTO queues (name, team_id, filter) SELECT 'Kept', id, '{}' FROM teams WHERE is_default`);
    await migration.down(qr);
    expect(await defaults()).toEqual([{ name: 'Default team 3' }]);

    // an existing default is kept as is: up() creates nothing
    const count = async () => (await ds.query(`SELECT count(*)::int AS n FROM teams`))[0].n;
    const before = await count();
    await migration.up(qr);
    expect(await count()).toBe(before);
    expect(await defaults()).toEqual([{ name: 'Default team 3' }]);
  });
});
