import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signed audit checkpoints (docs/api.md "Audit", "Checkpoints"). A checkpoint holds the Merkle root over every case's
 * chain head, the system head and the previous checkpoint's hash, signed with a key the database never holds.
 * `audit_checkpoint_leaves` keeps, per checkpoint, only the leaves that changed since the one before; a checkpoint's
 * leaves are each case's latest leaf at or below its seq. Both tables are append-only like the event tables.
 */
export class AuditCheckpoints1766400000001 implements MigrationInterface {
  name = 'AuditCheckpoints1766400000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_checkpoints (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq integer NOT NULL,
        at timestamptz(3) NOT NULL,
        system_head_seq integer NOT NULL,
        system_head_hash char(64) NOT NULL,
        cases_root char(64) NOT NULL,
        case_count integer NOT NULL,
        prev_hash char(64) NOT NULL,
        hash char(64) NOT NULL,
        signature text NOT NULL,
        key_id char(64) NOT NULL,
        created_by text NOT NULL,
        CONSTRAINT uq_audit_checkpoint_seq UNIQUE (seq)
      )`);
    await q.query(`
      CREATE TABLE audit_checkpoint_leaves (
        checkpoint_seq integer NOT NULL REFERENCES audit_checkpoints(seq) DEFERRABLE INITIALLY DEFERRED,
        case_id uuid NOT NULL,
        last_event_seq integer NOT NULL,
        head_hash char(64) NOT NULL,
        PRIMARY KEY (case_id, checkpoint_seq)
      )`);
    await q.query(`CREATE INDEX ix_audit_checkpoint_leaves_seq ON audit_checkpoint_leaves (checkpoint_seq)`);
    for (const t of ['audit_checkpoints', 'audit_checkpoint_leaves']) {
      await q.query(`CREATE TRIGGER trg_${t}_append_only BEFORE UPDATE OR DELETE ON ${t} FOR EACH ROW EXECUTE FUNCTION refuse_audit_change()`);
      await q.query(`CREATE TRIGGER trg_${t}_no_truncate BEFORE TRUNCATE ON ${t} FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS audit_checkpoint_leaves`);
    await q.query(`DROP TABLE IF EXISTS audit_checkpoints`);
  }
}
