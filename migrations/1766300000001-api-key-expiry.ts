import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API keys may expire (docs/api.md "Auth"): `expires_at` (null = never, as every existing key); a key past it
 * answers 401 like a revoked one. `last_used_at` exists already (updated at most once a minute per key).
 */
export class ApiKeyExpiry1766300000001 implements MigrationInterface {
  name = 'ApiKeyExpiry1766300000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE api_keys ADD COLUMN expires_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE api_keys DROP COLUMN IF EXISTS expires_at`);
  }
}
