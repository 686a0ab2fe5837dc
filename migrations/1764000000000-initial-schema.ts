import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Initial schema of Sentinel SN. Hand-written (never `synchronize`).
 * Times are timestamptz; audit `at` columns are timestamptz(3) because the hash is over the
 * millisecond value as served. Money is bigint minor units + ISO 4217 currency.
 */
export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);

    await q.query(`
      CREATE TABLE teams (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        bank_codes text[] NOT NULL DEFAULT '{}',
        is_default boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_team_name UNIQUE (name)
      )`);
    await q.query(`CREATE UNIQUE INDEX uq_team_default ON teams (is_default) WHERE is_default`);

    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('analyst','supervisor','auditor','admin','intake')),
        team_id uuid REFERENCES teams(id) ON DELETE SET NULL,
        active boolean NOT NULL DEFAULT true,
        password_hash text,
        locale text NOT NULL DEFAULT 'en',
        time_zone text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deactivated_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX uq_user_email ON users (lower(email))`);
    await q.query(`CREATE INDEX ix_user_role_active ON users (role, active)`);

    await q.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        token_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        idle_expires_at timestamptz NOT NULL,
        absolute_expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        client_ip text,
        user_agent text,
        CONSTRAINT uq_session_token UNIQUE (token_hash)
      )`);
    await q.query(`CREATE INDEX ix_session_user ON sessions (user_id) WHERE revoked_at IS NULL`);

    await q.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        name text NOT NULL,
        key_hash text NOT NULL,
        key_prefix text NOT NULL,
        bank_codes text[],
        channels text[],
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz,
        CONSTRAINT uq_api_key_hash UNIQUE (key_hash)
      )`);
    await q.query(`CREATE INDEX ix_api_key_user ON api_keys (user_id)`);

    await q.query(`
      CREATE TABLE banks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL,
        name text NOT NULL,
        webhook_url text,
        active boolean NOT NULL DEFAULT true,
        secret text NOT NULL,
        previous_secret text,
        previous_secret_expires_at timestamptz,
        secret_grace_hours integer NOT NULL DEFAULT 24,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_bank_code UNIQUE (code)
      )`);

    await q.query(`
      CREATE TABLE queues (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        team_id uuid REFERENCES teams(id) ON DELETE CASCADE,
        filter jsonb NOT NULL DEFAULT '{}',
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE calendars (
        id text PRIMARY KEY,
        name text NOT NULL,
        time_zone text NOT NULL,
        working_hours jsonb NOT NULL,
        holidays date[] NOT NULL DEFAULT '{}',
        extra_working_days date[] NOT NULL DEFAULT '{}',
        builtin boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE sla_policies (
        stage text PRIMARY KEY CHECK (stage IN ('freeze','police_report','merchant_contact','evidence','review')),
        target text NOT NULL,
        calendar_id text NOT NULL REFERENCES calendars(id),
        warn_at_percent integer NOT NULL DEFAULT 80 CHECK (warn_at_percent BETWEEN 1 AND 99),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE terminals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        sn text NOT NULL,
        model text,
        tid text,
        bank_code text,
        merchant_id text,
        merchant_name text,
        merchant_credit_code text,
        settlement_account text,
        registered_address text,
        time_zone text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_terminal_sn UNIQUE (sn)
      )`);
    await q.query(`CREATE INDEX ix_terminal_mid ON terminals (merchant_id)`);
    await q.query(`CREATE INDEX ix_terminal_created ON terminals (created_at, id)`);

    await q.query(`CREATE SEQUENCE case_reference_seq`);
    await q.query(`
      CREATE TABLE cases (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference text NOT NULL,
        terminal_id uuid NOT NULL REFERENCES terminals(id),
        sn text NOT NULL,
        merchant_id text,
        merchant_name text,
        tid text,
        bank_code text,
        team_id uuid REFERENCES teams(id) ON DELETE SET NULL,
        misuse_type text NOT NULL,
        stage text NOT NULL CHECK (stage IN ('freeze','police_report','merchant_contact','evidence','review')),
        status text NOT NULL CHECK (status IN ('open','closed')),
        outcome text CHECK (outcome IN ('confirmed_misuse','no_misuse','duplicate')),
        closed_from_stage text,
        duplicate_of_case_id uuid REFERENCES cases(id),
        priority text NOT NULL CHECK (priority IN ('p1','p2','p3','p4')),
        priority_rank smallint NOT NULL,
        priority_overridden boolean NOT NULL DEFAULT false,
        amount_at_risk_minor bigint,
        amount_at_risk_currency char(3),
        waived_stages text[] NOT NULL DEFAULT '{}',
        assignee_id uuid REFERENCES users(id),
        due_at timestamptz,
        sla_state text CHECK (sla_state IN ('on_track','warning','breached')),
        sla_rank smallint NOT NULL DEFAULT 1,
        version integer NOT NULL DEFAULT 1,
        last_event_seq integer NOT NULL DEFAULT 0,
        head_hash text NOT NULL DEFAULT repeat('0', 64),
        closed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_case_reference UNIQUE (reference)
      )`);
    // One open case per SN, enforced by the database even under concurrent intake.
    await q.query(`CREATE UNIQUE INDEX uq_case_open_sn ON cases (sn) WHERE status = 'open'`);
    // Keyset-friendly indexes for the list sorts and filters of docs/api.md (designed for 1M cases).
    await q.query(`CREATE INDEX ix_case_created ON cases (created_at, id)`);
    await q.query(`CREATE INDEX ix_case_updated ON cases (updated_at, id)`);
    await q.query(`CREATE INDEX ix_case_due ON cases (due_at, id) WHERE status = 'open'`);
    await q.query(`CREATE INDEX ix_case_priority ON cases (priority_rank, id)`);
    await q.query(`CREATE INDEX ix_case_status_stage ON cases (status, stage, created_at)`);
    await q.query(`CREATE INDEX ix_case_assignee ON cases (assignee_id, status)`);
    await q.query(`CREATE INDEX ix_case_team ON cases (team_id, status)`);
    await q.query(`CREATE INDEX ix_case_bank ON cases (bank_code, status)`);
    await q.query(`CREATE INDEX ix_case_sn ON cases (sn text_pattern_ops)`);
    await q.query(`CREATE INDEX ix_case_mid ON cases (merchant_id text_pattern_ops)`);
    await q.query(`CREATE INDEX ix_case_tid ON cases (tid text_pattern_ops)`);
    await q.query(`CREATE INDEX ix_case_reference_prefix ON cases (reference text_pattern_ops)`);
    // claim-next: breached first (sla_rank 0), then priority, then nearest due.
    await q.query(`
      CREATE INDEX ix_case_claimable ON cases (team_id, sla_rank, priority_rank, due_at, id)
      WHERE status = 'open' AND assignee_id IS NULL AND stage <> 'review'`);

    await q.query(`
      CREATE TABLE reports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        sn text NOT NULL,
        channel text NOT NULL,
        misuse_type text NOT NULL,
        bank_code text,
        payload jsonb NOT NULL,
        received_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        submitted_by uuid NOT NULL REFERENCES users(id),
        submitted_by_role text NOT NULL,
        api_key_id uuid REFERENCES api_keys(id),
        idempotency_scope text,
        idempotency_key text,
        request_hash text,
        response jsonb
      )`);
    await q.query(`CREATE UNIQUE INDEX uq_report_idempotency ON reports (idempotency_scope, idempotency_key) WHERE idempotency_key IS NOT NULL`);
    await q.query(`CREATE INDEX ix_report_case ON reports (case_id, received_at)`);
    await q.query(`CREATE INDEX ix_report_sn ON reports (sn)`);
    await q.query(`CREATE INDEX ix_report_received ON reports (received_at, id)`);
    await q.query(`CREATE INDEX ix_report_created ON reports (created_at, id)`);

    await q.query(`
      CREATE TABLE case_freezes (
        case_id uuid PRIMARY KEY REFERENCES cases(id),
        bank_code text,
        requested_at timestamptz,
        notification_id uuid,
        bank_reference text,
        confirmed_at timestamptz,
        confirmed_via text,
        rejected_at timestamptz,
        rejection_reason text,
        last_answer text CHECK (last_answer IN ('confirmed','rejected')),
        notice_notified_at timestamptz,
        notice_channel text,
        notice_notified_by text,
        notice_appeal_instructions_given boolean,
        notice_recorded_by uuid,
        notice_recorded_at timestamptz,
        unfreeze_requested_at timestamptz,
        unfreeze_sent_on_close boolean NOT NULL DEFAULT false,
        unfreeze_notification_id uuid,
        unfrozen_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE police_reports (
        case_id uuid PRIMARY KEY REFERENCES cases(id),
        agency text NOT NULL,
        report_number text NOT NULL,
        filed_at timestamptz NOT NULL,
        officer text,
        recorded_by uuid NOT NULL REFERENCES users(id),
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE merchant_contacts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        channel text NOT NULL,
        contacted_at timestamptz NOT NULL,
        outcome text NOT NULL,
        findings text,
        recorded_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_merchant_contact_case ON merchant_contacts (case_id, contacted_at)`);

    await q.query(`
      CREATE TABLE evidence (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        type text NOT NULL,
        file_name text NOT NULL,
        size bigint NOT NULL,
        media_type text NOT NULL,
        sha256 char(64) NOT NULL,
        storage_key text NOT NULL,
        description text,
        added_by uuid NOT NULL REFERENCES users(id),
        added_at timestamptz NOT NULL DEFAULT now(),
        removed_at timestamptz,
        removed_by uuid REFERENCES users(id),
        removal_reason text
      )`);
    await q.query(`CREATE INDEX ix_evidence_case ON evidence (case_id, added_at)`);

    await q.query(`
      CREATE TABLE case_notes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        text text NOT NULL,
        author_id uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_case_note_case ON case_notes (case_id, created_at)`);

    await q.query(`
      CREATE TABLE sla_clocks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        stage text NOT NULL,
        entry_no integer NOT NULL,
        target text NOT NULL,
        calendar_id text NOT NULL,
        warn_at_percent integer NOT NULL,
        started_at timestamptz NOT NULL,
        warn_at timestamptz,
        due_at timestamptz NOT NULL,
        paused_ms bigint NOT NULL DEFAULT 0,
        warned_at timestamptz,
        breached_at timestamptz,
        met_at timestamptz,
        waived_at timestamptz,
        cancelled_at timestamptz,
        state text NOT NULL CHECK (state IN ('on_track','warning','breached','met','waived','cancelled')),
        CONSTRAINT uq_clock_entry UNIQUE (case_id, stage, entry_no)
      )`);
    // The sweep's index: open clocks by their next moment.
    await q.query(`CREATE INDEX ix_clock_open_due ON sla_clocks (due_at) WHERE state IN ('on_track','warning')`);
    await q.query(`CREATE INDEX ix_clock_open_warn ON sla_clocks (warn_at) WHERE state = 'on_track'`);
    await q.query(`CREATE INDEX ix_clock_case ON sla_clocks (case_id, started_at)`);
    await q.query(`CREATE INDEX ix_clock_stage_started ON sla_clocks (stage, started_at)`);

    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        bank_code text NOT NULL,
        type text NOT NULL CHECK (type IN ('freeze.requested','unfreeze.requested','case.closed')),
        payload jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('pending','delivering','delivered','dead','cancelled')),
        generation integer NOT NULL DEFAULT 1,
        attempt_count integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        enqueued_at timestamptz,
        last_error text,
        last_status_code integer,
        delivered_at timestamptz,
        dead_at timestamptz,
        cancelled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_notification_case ON notifications (case_id, created_at)`);
    await q.query(`CREATE INDEX ix_notification_status ON notifications (status, next_attempt_at)`);
    await q.query(`CREATE INDEX ix_notification_created ON notifications (created_at, id)`);

    await q.query(`
      CREATE TABLE notification_attempts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        notification_id uuid NOT NULL REFERENCES notifications(id),
        generation integer NOT NULL,
        attempt_no integer NOT NULL,
        started_at timestamptz NOT NULL,
        duration_ms integer NOT NULL,
        status_code integer,
        error text,
        outcome text NOT NULL CHECK (outcome IN ('delivered','failed'))
      )`);
    await q.query(`CREATE INDEX ix_notification_attempt ON notification_attempts (notification_id, started_at)`);

    await q.query(`
      CREATE TABLE callback_receipts (
        bank_code text NOT NULL,
        webhook_id text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (bank_code, webhook_id)
      )`);
    await q.query(`CREATE INDEX ix_callback_receipt_received ON callback_receipts (received_at)`);

    await q.query(`
      CREATE TABLE alerts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        type text NOT NULL,
        case_id uuid REFERENCES cases(id),
        case_reference text,
        stage text,
        notification_id uuid,
        dedupe_key text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        CONSTRAINT uq_alert_once UNIQUE (user_id, type, dedupe_key)
      )`);
    await q.query(`CREATE INDEX ix_alert_user ON alerts (user_id, created_at DESC)`);
    await q.query(`CREATE INDEX ix_alert_unread ON alerts (user_id) WHERE read_at IS NULL`);

    // Audit: per-case chains and the system chain. Append-only (trigger below).
    await q.query(`
      CREATE TABLE case_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        seq integer NOT NULL,
        at timestamptz(3) NOT NULL,
        actor_id text NOT NULL,
        actor_role text NOT NULL,
        action text NOT NULL,
        data jsonb NOT NULL,
        prev_hash char(64) NOT NULL,
        hash char(64) NOT NULL,
        CONSTRAINT uq_case_event_seq UNIQUE (case_id, seq)
      )`);
    await q.query(`CREATE INDEX ix_case_event_at ON case_events (at, case_id, seq)`);
    await q.query(`CREATE INDEX ix_case_event_actor ON case_events (case_id, actor_id)`);

    await q.query(`
      CREATE TABLE system_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq integer NOT NULL,
        at timestamptz(3) NOT NULL,
        actor_id text NOT NULL,
        actor_role text NOT NULL,
        action text NOT NULL,
        data jsonb NOT NULL,
        prev_hash char(64) NOT NULL,
        hash char(64) NOT NULL,
        CONSTRAINT uq_system_event_seq UNIQUE (seq)
      )`);
    await q.query(`CREATE INDEX ix_system_event_at ON system_events (at, seq)`);
    await q.query(`
      CREATE TABLE system_chain_head (
        id smallint PRIMARY KEY CHECK (id = 1),
        last_seq integer NOT NULL,
        head_hash char(64) NOT NULL
      )`);
    await q.query(`INSERT INTO system_chain_head (id, last_seq, head_hash) VALUES (1, 0, repeat('0', 64))`);

    await q.query(`
      CREATE FUNCTION refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit events are append-only (% on %)', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER trg_case_events_append_only BEFORE UPDATE OR DELETE ON case_events
      FOR EACH ROW EXECUTE FUNCTION refuse_audit_change()`);
    await q.query(`CREATE TRIGGER trg_system_events_append_only BEFORE UPDATE OR DELETE ON system_events
      FOR EACH ROW EXECUTE FUNCTION refuse_audit_change()`);
    await q.query(`CREATE TRIGGER trg_case_events_no_truncate BEFORE TRUNCATE ON case_events
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change()`);
    await q.query(`CREATE TRIGGER trg_system_events_no_truncate BEFORE TRUNCATE ON system_events
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change()`);

    // Built-in calendars and default SLA policies (docs/domain.md "Case lifecycle").
    await q.query(`
      INSERT INTO calendars (id, name, time_zone, working_hours, builtin) VALUES
      ('24x7', 'Around the clock', 'UTC', '{"mon":["00:00","24:00"],"tue":["00:00","24:00"],"wed":["00:00","24:00"],"thu":["00:00","24:00"],"fri":["00:00","24:00"],"sat":["00:00","24:00"],"sun":["00:00","24:00"]}', true),
      ('business', 'Business days', 'UTC', '{"mon":["09:00","18:00"],"tue":["09:00","18:00"],"wed":["09:00","18:00"],"thu":["09:00","18:00"],"fri":["09:00","18:00"]}', false)`);
    await q.query(`
      INSERT INTO sla_policies (stage, target, calendar_id, warn_at_percent) VALUES
      ('freeze', 'PT1H', '24x7', 80),
      ('police_report', 'P1D', 'business', 80),
      ('merchant_contact', 'P2D', 'business', 80),
      ('evidence', 'P5D', 'business', 80),
      ('review', 'P2D', 'business', 80)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'system_chain_head', 'system_events', 'case_events', 'alerts', 'callback_receipts', 'notification_attempts',
      'notifications', 'sla_clocks', 'case_notes', 'evidence', 'merchant_contacts', 'police_reports', 'case_freezes',
      'reports', 'cases', 'terminals', 'sla_policies', 'calendars', 'queues', 'banks', 'api_keys', 'sessions', 'users', 'teams',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${t} CASCADE`);
    }
    await q.query(`DROP FUNCTION IF EXISTS refuse_audit_change()`);
    await q.query(`DROP SEQUENCE IF EXISTS case_reference_seq`);
  }
}
