import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { dateStringArray } from './transformers';

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
/** Local working window per weekday, `["09:00","18:00"]`; `"24:00"` ends at midnight. Missing day = closed. */
export type WorkingHours = Partial<Record<Weekday, [string, string]>>;

@Entity({ name: 'calendars' })
export class CalendarEntity {
  /** Slug id, e.g. `24x7`, `business`. */
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  /** IANA zone, e.g. `Asia/Shanghai`. */
  @Column({ name: 'time_zone', type: 'text' })
  timeZone: string;

  @Column({ name: 'working_hours', type: 'jsonb' })
  workingHours: WorkingHours;

  /** 'YYYY-MM-DD' strings. */
  @Column({ type: 'date', array: true, default: () => "'{}'", transformer: dateStringArray })
  holidays: string[];

  /** 'YYYY-MM-DD' strings (make-up working days, 调休). */
  @Column({ name: 'extra_working_days', type: 'date', array: true, default: () => "'{}'", transformer: dateStringArray })
  extraWorkingDays: string[];

  @Column({ type: 'boolean', default: false })
  builtin: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
