import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One link of the system audit chain. Append-only (trigger). Lock `system_chain_head` (id 1)
 * `FOR UPDATE` before appending.
 */
@Entity({ name: 'system_events' })
export class SystemEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'integer' })
  seq: number;

  @Column({ type: 'timestamptz', precision: 3 })
  at: Date;

  @Column({ name: 'actor_id', type: 'text' })
  actorId: string;

  @Column({ name: 'actor_role', type: 'text' })
  actorRole: string;

  @Column({ type: 'text' })
  action: string;

  @Column({ type: 'jsonb' })
  data: Record<string, unknown>;

  @Column({ name: 'prev_hash', type: 'char', length: 64 })
  prevHash: string;

  @Column({ type: 'char', length: 64 })
  hash: string;
}
