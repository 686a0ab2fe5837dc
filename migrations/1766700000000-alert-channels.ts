import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alert channels (docs/api.md "Alert channels"): each user's choice of channels per alert type and digest window,
 * their chat robots and webhooks (URL and signing secret sealed with SECRETS_KEY), and the deliveries the worker
 * makes. `alerts.routed_at` marks an alert handed to the channels (the dispatcher's outbox: alerts raised in a case's
 * transaction are routed after commit); alerts raised before this migration count as routed.
 */
export class AlertChannels1766700000000 implements MigrationInterface {
  name = 'AlertChannels1766700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE alerts ADD COLUMN routed_at timestamptz`);
    await q.query(`UPDATE alerts SET routed_at = created_at`);
    await q.query(`CREATE INDEX ix_alert_unrouted ON alerts (created_at) WHERE routed_at IS NULL`);

    await q.query(`
      CREATE TABLE alert_preferences (
        user_id uuid PRIMARY KEY REFERENCES users(id),
        digest_minutes integer NOT NULL DEFAULT 0 CHECK (digest_minutes BETWEEN 0 AND 1440),
        routes jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(routes) = 'object'),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE alert_endpoints (
        user_id uuid NOT NULL REFERENCES users(id),
        channel text NOT NULL CHECK (channel IN ('wecom','dingtalk','feishu','webhook')),
        url_sealed text NOT NULL,
        url_hint text NOT NULL,
        secret_sealed text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, channel)
      )`);

    await q.query(`
      CREATE TABLE alert_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        channel text NOT NULL CHECK (channel IN ('email','wecom','dingtalk','feishu','webhook')),
        kind text NOT NULL CHECK (kind IN ('alert','digest','test')),
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','delivering','delivered','dead')),
        next_attempt_at timestamptz,
        attempt_count integer NOT NULL DEFAULT 0,
        claimed_at timestamptz,
        last_attempt_at timestamptz,
        last_status_code integer,
        last_error text,
        delivered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_alert_delivery_user ON alert_deliveries (user_id, created_at DESC)`);
    await q.query(`CREATE INDEX ix_alert_delivery_due ON alert_deliveries (next_attempt_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX ix_alert_delivery_stuck ON alert_deliveries (claimed_at) WHERE status = 'delivering'`);

    await q.query(`
      CREATE TABLE alert_delivery_items (
        delivery_id uuid NOT NULL REFERENCES alert_deliveries(id) ON DELETE CASCADE,
        alert_id uuid NOT NULL REFERENCES alerts(id),
        PRIMARY KEY (delivery_id, alert_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS alert_delivery_items`);
    await q.query(`DROP TABLE IF EXISTS alert_deliveries`);
    await q.query(`DROP TABLE IF EXISTS alert_endpoints`);
    await q.query(`DROP TABLE IF EXISTS alert_preferences`);
    await q.query(`DROP INDEX IF EXISTS ix_alert_unrouted`);
    await q.query(`ALTER TABLE alerts DROP COLUMN IF EXISTS routed_at`);
  }
}
