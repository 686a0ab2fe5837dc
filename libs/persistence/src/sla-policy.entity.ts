import type { Stage } from '@sentinel/contracts';
import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'sla_policies' })
export class SlaPolicyEntity {
  @PrimaryColumn({ type: 'text' })
  stage: Stage;

  /** ISO 8601 duration, e.g. `PT1H`, `P2D`. */
  @Column({ type: 'text' })
  target: string;

  @Column({ name: 'calendar_id', type: 'text' })
  calendarId: string;

  @Column({ name: 'warn_at_percent', type: 'integer', default: 80 })
  warnAtPercent: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
