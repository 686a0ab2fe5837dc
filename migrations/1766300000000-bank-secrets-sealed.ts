import type { MigrationInterface, QueryRunner } from 'typeorm';
import { openBankSecret, sealBankSecret, SecretBox, secretBoxFromEnv } from '@sentinel/outbound';

interface SecretRow {
  id: string;
  secret: string;
  previous_secret: string | null;
}

/**
 * Bank webhook secrets encrypted at rest (docs/api.md "Banks and notifications"): every clear `secret` and
 * `previous_secret` is sealed with `SECRETS_KEY` (AES-256-GCM, bound to its bank; outside production the
 * development key when it is unset, as the apps do), then CHECKs refuse any value that is not sealed, so no
 * code path can store one in clear again. In production without `SECRETS_KEY` the box cannot be built and the
 * migration stops with that message, before changing anything.
 */
export class BankSecretsSealed1766300000000 implements MigrationInterface {
  name = 'BankSecretsSealed1766300000000';

  async up(q: QueryRunner): Promise<void> {
    const rows = (await q.query(`SELECT id, secret, previous_secret FROM banks ORDER BY id FOR UPDATE`)) as SecretRow[];
    const clear = rows.filter((r) => !SecretBox.isSealed(r.secret) || (r.previous_secret !== null && !SecretBox.isSealed(r.previous_secret)));
    if (clear.length) {
      const box = secretBoxFromEnv(process.env, (m) => console.warn(`migration ${this.name}: ${m}`));
      for (const r of clear) {
        const seal = (v: string) => (SecretBox.isSealed(v) ? v : sealBankSecret(box, r.id, v));
        await q.query(`UPDATE banks SET secret = $2, previous_secret = $3 WHERE id = $1`, [r.id, seal(r.secret), r.previous_secret === null ? null : seal(r.previous_secret)]);
      }
    }
    await q.query(`
      ALTER TABLE banks
        ADD CONSTRAINT ck_bank_secret_sealed CHECK (secret LIKE 'sbx1:%'),
        ADD CONSTRAINT ck_bank_previous_secret_sealed CHECK (previous_secret IS NULL OR previous_secret LIKE 'sbx1:%')`);
  }

  /** Back to clear secrets (needs the same key). */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE banks DROP CONSTRAINT IF EXISTS ck_bank_secret_sealed, DROP CONSTRAINT IF EXISTS ck_bank_previous_secret_sealed`);
    const rows = (await q.query(`SELECT id, secret, previous_secret FROM banks ORDER BY id FOR UPDATE`)) as SecretRow[];
    if (!rows.length) return;
    const box = secretBoxFromEnv(process.env, (m) => console.warn(`migration ${this.name}: ${m}`));
    for (const r of rows) {
      const open = (v: string) => (SecretBox.isSealed(v) ? openBankSecret(box, r.id, v) : v);
      await q.query(`UPDATE banks SET secret = $2, previous_secret = $3 WHERE id = $1`, [r.id, open(r.secret), r.previous_secret === null ? null : open(r.previous_secret)]);
    }
  }
}
