import type { ClockState, Stage } from '@sentinel/contracts';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { bigintToNumber } from './transformers';

/** One SLA clock per (case, stage, entry): re-entering a stage (reopen) starts entry_no + 1. */
@Entity({ name: 'sla_clocks' })
export class SlaClockEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column({ type: 'text' })
  stage: Stage;

  @Column({ name: 'entry_no', type: 'integer' })
  entryNo: number;

  /** ISO 8601 duration copied from the policy at start. */
  @Column({ type: 'text' })
  target: string;

  @Column({ name: 'calendar_id', type: 'text' })
  calendarId: string;

  @Column({ name: 'warn_at_percent', type: 'integer' })
  warnAtPercent: number;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ name: 'warn_at', type: 'timestamptz', nullable: true })
  warnAt: Date | null;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  @Column({ name: 'paused_ms', type: 'bigint', default: 0, transformer: bigintToNumber })
  pausedMs: number;

  @Column({ name: 'warned_at', type: 'timestamptz', nullable: true })
  warnedAt: Date | null;

  @Column({ name: 'breached_at', type: 'timestamptz', nullable: true })
  breachedAt: Date | null;

  @Column({ name: 'met_at', type: 'timestamptz', nullable: true })
  metAt: Date | null;

  @Column({ name: 'waived_at', type: 'timestamptz', nullable: true })
  waivedAt: Date | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ type: 'text' })
  state: ClockState;
}
