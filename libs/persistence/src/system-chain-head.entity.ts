import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The single row (id = 1) holding the system chain's head; seeded by the initial migration. */
@Entity({ name: 'system_chain_head' })
export class SystemChainHeadEntity {
  @PrimaryColumn({ type: 'smallint' })
  id: 1;

  @Column({ name: 'last_seq', type: 'integer' })
  lastSeq: number;

  @Column({ name: 'head_hash', type: 'char', length: 64 })
  headHash: string;
}
