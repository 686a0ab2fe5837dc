import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who may trigger the automatic freeze (docs/api.md "Auth"): `autoFreeze` per API key. Upgrading keeps existing
 * keys working: keys that had bank codes get `autoFreeze: true` (they were the banks' own gateways); keys without
 * bindings keep submitting but never trigger the freeze (the admin screen flags them). New keys must name their
 * `bankCodes` and `channels` (checked by the API).
 */
export class ApiKeyAutoFreeze1766200000000 implements MigrationInterface {
  name = 'ApiKeyAutoFreeze1766200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE api_keys ADD COLUMN auto_freeze boolean NOT NULL DEFAULT false`);
    await q.query(`UPDATE api_keys SET auto_freeze = true WHERE cardinality(coalesce(bank_codes, '{}')) > 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE api_keys DROP COLUMN IF EXISTS auto_freeze`);
  }
}
