import type { CreateReportRequest, CreateReportResponse, MisuseType, ReportChannel, Role } from '@sentinel/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'reports' })
export class ReportEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column({ type: 'text' })
  sn: string;

  @Column({ type: 'text' })
  channel: ReportChannel;

  @Column({ name: 'misuse_type', type: 'text' })
  misuseType: MisuseType;

  @Column({ name: 'bank_code', type: 'text', nullable: true })
  bankCode: string | null;

  /** The request as accepted (free text already PAN-checked). */
  @Column({ type: 'jsonb' })
  payload: CreateReportRequest;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'submitted_by', type: 'uuid' })
  submittedBy: string;

  @Column({ name: 'submitted_by_role', type: 'text' })
  submittedByRole: Role;

  @Column({ name: 'api_key_id', type: 'uuid', nullable: true })
  apiKeyId: string | null;

  /** Idempotency-Key scope (e.g. the user or API key id); unique with the key when the key is set. */
  @Column({ name: 'idempotency_scope', type: 'text', nullable: true })
  idempotencyScope: string | null;

  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey: string | null;

  @Column({ name: 'request_hash', type: 'text', nullable: true })
  requestHash: string | null;

  /** The response body replayed for a repeated Idempotency-Key. */
  @Column({ type: 'jsonb', nullable: true })
  response: CreateReportResponse | null;
}
