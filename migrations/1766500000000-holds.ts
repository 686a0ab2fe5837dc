import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Holds and police orders (docs/api.md "Holds and police orders"): one row per hold of a case, with its alarm
 * (`warn_at`, recorded in `warned_at`) and expiry (`expires_at`, recorded by `status = 'expired'`) — the timers the
 * worker and its sweep fire exactly once. Acquirer holds notify the bank: `hold.placed` / `hold.released`.
 */
export class Holds1766500000000 implements MigrationInterface {
  name = 'Holds1766500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE holds (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases(id),
        kind text NOT NULL CHECK (kind IN ('acquirer_suspension','settlement_delay','police_stop_payment','police_freeze')),
        scope text[] NOT NULL CHECK (cardinality(scope) > 0 AND scope <@ ARRAY['terminal','settlement']),
        basis text NOT NULL CHECK (basis IN ('acquirer_control','police_instruction')),
        instruction_number text,
        issuing_authority text,
        placed_at timestamptz NOT NULL,
        placed_by uuid NOT NULL REFERENCES users(id),
        expires_at timestamptz,
        warn_at timestamptz,
        warned_at timestamptz,
        renewals jsonb NOT NULL DEFAULT '[]',
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','expired','released')),
        expired_at timestamptz,
        released_at timestamptz,
        released_by uuid REFERENCES users(id),
        release_reason text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT ck_hold_police CHECK (basis = 'acquirer_control' OR (instruction_number IS NOT NULL AND issuing_authority IS NOT NULL)),
        CONSTRAINT ck_hold_expiry CHECK ((expires_at IS NULL) = (warn_at IS NULL)),
        CONSTRAINT ck_hold_released CHECK ((status = 'released') = (released_at IS NOT NULL)),
        CONSTRAINT ck_hold_expired CHECK ((status = 'expired') = (expired_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX ix_hold_case ON holds (case_id, placed_at)`);
    // The sweep's indexes: active holds by their next moment.
    await q.query(`CREATE INDEX ix_hold_active_expiry ON holds (expires_at) WHERE status = 'active'`);
    await q.query(`CREATE INDEX ix_hold_active_warn ON holds (warn_at) WHERE status = 'active' AND warned_at IS NULL`);
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT IF EXISTS notifications_type_check`);
    await q.query(`
      ALTER TABLE notifications ADD CONSTRAINT notifications_type_check
        CHECK (type IN ('freeze.requested','unfreeze.requested','case.closed','hold.placed','hold.released'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM notification_attempts WHERE notification_id IN (SELECT id FROM notifications WHERE type IN ('hold.placed','hold.released'))`);
    await q.query(`DELETE FROM notifications WHERE type IN ('hold.placed','hold.released')`);
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT IF EXISTS notifications_type_check`);
    await q.query(`ALTER TABLE notifications ADD CONSTRAINT notifications_type_check CHECK (type IN ('freeze.requested','unfreeze.requested','case.closed'))`);
    await q.query(`DROP TABLE IF EXISTS holds`);
  }
}
