import { randomBytes } from 'node:crypto';
import type { DataSource, QueryRunner } from 'typeorm';
import { generateWebhookSecret } from '@sentinel/domain';
import { openBankSecret, SecretBox } from '@sentinel/outbound';
import { createTestDatabase, type TestDatabase } from '@sentinel/testing';
import { BankSecretsSealed1766300000000 } from '../../../migrations/1766300000000-bank-secrets-sealed';

/** The migration that encrypts bank secrets stored in clear by earlier versions, and the rule it adds. */
describe(BankSecretsSealed1766300000000.name, () => {
  let db: TestDatabase;
  let ds: DataSource;
  let qr: QueryRunner;
  const migration = new BankSecretsSealed1766300000000();
  const saved = { NODE_ENV: process.env.NODE_ENV, SECRETS_KEY: process.env.SECRETS_KEY };
  const key = randomBytes(32).toString('hex');
  const secret = generateWebhookSecret();
  const previous = generateWebhookSecret();
  const rows = (): Promise<Array<{ id: string; code: string; secret: string; previous_secret: string | null }>> =>
    ds.query(`SELECT id, code, secret, previous_secret FROM banks ORDER BY code`);

  beforeAll(async () => {
    db = await createTestDatabase('bank_secrets_migration');
    ds = db.dataSource;
    qr = ds.createQueryRunner();
    // as before the migration: the rule gone, secrets in clear
    await migration.down(qr);
    await ds.query(`INSERT INTO banks (code, name, secret, previous_secret, previous_secret_expires_at) VALUES ('OLD1', 'Old', $1, $2, now() + interval '1 hour'), ('OLD2', 'Old 2', $3, NULL, NULL)`, [
      secret,
      previous,
      generateWebhookSecret(),
    ]);
  });
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
  afterAll(async () => {
    await qr?.release();
    await db?.drop();
  });

  it('should refuse to run in production without SECRETS_KEY, changing nothing', async () => {
    process.env.NODE_ENV = 'production';
    delete process.env.SECRETS_KEY;
    await expect(migration.up(qr)).rejects.toThrow(/SECRETS_KEY is required in production/);
    expect((await rows())[0]).toMatchObject({ secret, previous_secret: previous });
  });

  it('should seal every clear secret with SECRETS_KEY, bound to its bank, then refuse clear ones', async () => {
    process.env.NODE_ENV = 'production';
    process.env.SECRETS_KEY = key;
    await migration.up(qr);
    const [one, two] = await rows();
    const box = new SecretBox(key);
    expect(SecretBox.isSealed(one.secret) && SecretBox.isSealed(one.previous_secret!) && SecretBox.isSealed(two.secret)).toBe(true);
    expect(openBankSecret(box, one.id, one.secret)).toBe(secret);
    expect(openBankSecret(box, one.id, one.previous_secret!)).toBe(previous);
    expect(two.previous_secret).toBeNull();
    await expect(ds.query(`UPDATE banks SET secret = $1 WHERE code = 'OLD2'`, [generateWebhookSecret()])).rejects.toThrow(/ck_bank_secret_sealed/);
  });

  it('should open them again on revert, with the same key', async () => {
    process.env.SECRETS_KEY = key;
    await migration.down(qr);
    expect((await rows())[0]).toMatchObject({ secret, previous_secret: previous });
    await migration.up(qr); // leaves the database as the migrations made it
    expect(SecretBox.isSealed((await rows())[0].secret)).toBe(true);
  });
});
