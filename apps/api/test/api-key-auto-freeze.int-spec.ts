import type { DataSource, QueryRunner } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@sentinel/testing';
import { ApiKeyAutoFreeze1766200000000 } from '../../../migrations/1766200000000-api-key-auto-freeze';

/** The upgrade of existing keys (docs/api.md "Who may trigger the automatic freeze"). */
describe(ApiKeyAutoFreeze1766200000000.name, () => {
  let db: TestDatabase;
  let ds: DataSource;
  let qr: QueryRunner;
  const migration = new ApiKeyAutoFreeze1766200000000();

  beforeAll(async () => {
    db = await createTestDatabase('api_key_auto_freeze');
    ds = db.dataSource;
    qr = ds.createQueryRunner();
  });
  afterAll(async () => {
    await qr?.release();
    await db?.drop();
  });

  it('should give keys that had bank codes autoFreeze, and keys without bindings none', async () => {
    await migration.down(qr);
    const [user] = await ds.query(`INSERT INTO users (email, name, role) VALUES ('gw@test.local', 'Gateway', 'intake') RETURNING id`);
    await ds.query(
      `INSERT INTO api_keys (user_id, name, key_hash, key_prefix, bank_codes, channels) VALUES
         ($1, 'bank gateway', 'h1', 'snk_aaaa', '{ICBC}', '{bank_alert}'),
         ($1, 'banks only', 'h2', 'snk_bbbb', '{ABC}', NULL),
         ($1, 'unbound', 'h3', 'snk_cccc', NULL, NULL),
         ($1, 'empty list', 'h4', 'snk_dddd', '{}', '{partner_api}')`,
      [user.id],
    );
    await migration.up(qr);
    const rows = await ds.query(`SELECT name, auto_freeze FROM api_keys ORDER BY name`);
    expect(rows).toEqual([
      { name: 'bank gateway', auto_freeze: true },
      { name: 'banks only', auto_freeze: true },
      { name: 'empty list', auto_freeze: false },
      { name: 'unbound', auto_freeze: false },
    ]);
  });
});
