import type { CaseStatus, MisuseType, Outcome, Priority, SlaState, Stage } from '@sentinel/contracts';
import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { TerminalEntity } from './terminal.entity';
import { bigintToNumber } from './transformers';

/**
 * A case. At most one `open` case per `sn` (partial unique index `uq_case_open_sn`: a violation is
 * PostgreSQL error 23505 with constraint `uq_case_open_sn`).
 * `version` is the optimistic-lock counter of docs/api.md; it is a plain column (not `@VersionColumn`)
 * so the service decides when it moves: `UPDATE … SET version = version + 1 WHERE id = $1 AND version = $2`.
 */
@Entity({ name: 'cases' })
export class CaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Human reference, e.g. `SN-2026-000123` (from sequence `case_reference_seq`). */
  @Column({ type: 'text' })
  reference: string;

  @Column({ name: 'terminal_id', type: 'uuid' })
  terminalId: string;

  /** Optional join (load with `relations: { terminal: true }` or a query builder join). */
  @ManyToOne(() => TerminalEntity, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'terminal_id' })
  terminal?: TerminalEntity;

  @Column({ type: 'text' })
  sn: string;

  @Column({ name: 'merchant_id', type: 'text', nullable: true })
  merchantId: string | null;

  @Column({ name: 'merchant_name', type: 'text', nullable: true })
  merchantName: string | null;

  @Column({ type: 'text', nullable: true })
  tid: string | null;

  @Column({ name: 'bank_code', type: 'text', nullable: true })
  bankCode: string | null;

  @Column({ name: 'team_id', type: 'uuid', nullable: true })
  teamId: string | null;

  @Column({ name: 'misuse_type', type: 'text' })
  misuseType: MisuseType;

  @Column({ type: 'text' })
  stage: Stage;

  @Column({ type: 'text' })
  status: CaseStatus;

  @Column({ type: 'text', nullable: true })
  outcome: Outcome | null;

  @Column({ name: 'closed_from_stage', type: 'text', nullable: true })
  closedFromStage: Stage | null;

  @Column({ name: 'duplicate_of_case_id', type: 'uuid', nullable: true })
  duplicateOfCaseId: string | null;

  @Column({ type: 'text' })
  priority: Priority;

  /** 1 for p1 … 4 for p4 (sort key). */
  @Column({ name: 'priority_rank', type: 'smallint' })
  priorityRank: number;

  @Column({ name: 'priority_overridden', type: 'boolean', default: false })
  priorityOverridden: boolean;

  @Column({ name: 'amount_at_risk_minor', type: 'bigint', nullable: true, transformer: bigintToNumber })
  amountAtRiskMinor: number | null;

  @Column({ name: 'amount_at_risk_currency', type: 'char', length: 3, nullable: true })
  amountAtRiskCurrency: string | null;

  @Column({ name: 'waived_stages', type: 'text', array: true, default: () => "'{}'" })
  waivedStages: Stage[];

  @Column({ name: 'assignee_id', type: 'uuid', nullable: true })
  assigneeId: string | null;

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  @Column({ name: 'sla_state', type: 'text', nullable: true })
  slaState: SlaState | null;

  /** 0 when breached, else 1 (claim-next order). */
  @Column({ name: 'sla_rank', type: 'smallint', default: 1 })
  slaRank: number;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @Column({ name: 'last_event_seq', type: 'integer', default: 0 })
  lastEventSeq: number;

  @Column({ name: 'head_hash', type: 'text', default: () => "repeat('0', 64)" })
  headHash: string;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
