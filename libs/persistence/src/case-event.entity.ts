import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One link of a case's audit chain. Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE.
 * Lock the case row (`SELECT … FOR UPDATE`) before reading `cases.last_event_seq` / `head_hash`.
 * `at` is set by the app, truncated to milliseconds (column is timestamptz(3)); never a DB default.
 */
@Entity({ name: 'case_events' })
export class CaseEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column({ type: 'integer' })
  seq: number;

  @Column({ type: 'timestamptz', precision: 3 })
  at: Date;

  /** A user id, `system`, or `bank:<code>`. */
  @Column({ name: 'actor_id', type: 'text' })
  actorId: string;

  @Column({ name: 'actor_role', type: 'text' })
  actorRole: string;

  @Column({ type: 'text' })
  action: string;

  /** Never unmasked personal data. */
  @Column({ type: 'jsonb' })
  data: Record<string, unknown>;

  @Column({ name: 'prev_hash', type: 'char', length: 64 })
  prevHash: string;

  @Column({ type: 'char', length: 64 })
  hash: string;
}
