import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Regulatory clocks (docs/api.md "Regulatory clocks"): deadlines owed to the PBoC and the card schemes, per case,
 * beside the stage clocks and on the same timer guarantees, with their policies per kind. A clock runs until it is
 * met (the filing recorded) or cancelled; closing the case does not stop it. One running clock per kind per case.
 */
export class RegulatoryClocks1766510000000 implements MigrationInterface {
  name = 'RegulatoryClocks1766510000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE regulatory_policies (
        kind text PRIMARY KEY CHECK (kind IN ('pboc_major_event','mastercard_adc','visa_compromise')),
        target text NOT NULL,
        calendar_id text NOT NULL REFERENCES calendars(id),
        warn_at_percent integer NOT NULL CHECK (warn_at_percent > 0 AND warn_at_percent < 100),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      INSERT INTO regulatory_policies (kind, target, calendar_id, warn_at_percent) VALUES
      ('pboc_major_event', 'P3D', 'business', 80),
      ('mastercard_adc', 'PT24H', '24x7', 80),
      ('visa_compromise', 'P3D', 'business', 80)`);
    await q.query(`
      CREATE TABLE regulatory_clocks (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases(id),
        kind text NOT NULL CHECK (kind IN ('pboc_major_event','mastercard_adc','visa_compromise')),
        target text NOT NULL,
        calendar_id text NOT NULL,
        warn_at_percent integer NOT NULL,
        started_at timestamptz NOT NULL,
        started_by text NOT NULL,
        automatic boolean NOT NULL DEFAULT false,
        warn_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        warned_at timestamptz,
        breached_at timestamptz,
        state text NOT NULL DEFAULT 'on_track' CHECK (state IN ('on_track','warning','breached','met','cancelled')),
        filed_at timestamptz,
        reference text,
        filed_by uuid REFERENCES users(id),
        met_at timestamptz,
        cancelled_at timestamptz,
        cancelled_by uuid REFERENCES users(id),
        cancel_reason text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT ck_regulatory_met CHECK ((state = 'met') = (met_at IS NOT NULL) AND (met_at IS NULL) = (reference IS NULL)),
        CONSTRAINT ck_regulatory_cancelled CHECK ((state = 'cancelled') = (cancelled_at IS NOT NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX uq_regulatory_running ON regulatory_clocks (case_id, kind) WHERE state IN ('on_track','warning','breached')`);
    await q.query(`CREATE INDEX ix_regulatory_case ON regulatory_clocks (case_id, started_at)`);
    // The sweep's indexes: running clocks by their next moment.
    await q.query(`CREATE INDEX ix_regulatory_open_due ON regulatory_clocks (due_at) WHERE state IN ('on_track','warning')`);
    await q.query(`CREATE INDEX ix_regulatory_open_warn ON regulatory_clocks (warn_at) WHERE state = 'on_track'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS regulatory_clocks`);
    await q.query(`DROP TABLE IF EXISTS regulatory_policies`);
  }
}
