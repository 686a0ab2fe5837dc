import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'police_reports' })
export class PoliceReportEntity {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column({ type: 'text' })
  agency: string;

  @Column({ name: 'report_number', type: 'text' })
  reportNumber: string;

  @Column({ name: 'filed_at', type: 'timestamptz' })
  filedAt: Date;

  @Column({ type: 'text', nullable: true })
  officer: string | null;

  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy: string;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt: Date;
}
