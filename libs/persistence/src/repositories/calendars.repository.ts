import type { CalendarView, WorkingHours } from '@sentinel/contracts';
import { affected, maybeOne, one, rows, type Db } from '../sql';
import { countedList, likePrefix, SqlParams, type Page, type SortOrder } from './list-sql';

/** A `calendars` row (dates read as text `YYYY-MM-DD`: the pg driver would turn dates into local-midnight Dates). */
export interface CalendarSettingsRow {
  id: string;
  name: string;
  time_zone: string;
  working_hours: WorkingHours;
  holidays: string[] | null;
  extra_working_days: string[] | null;
  builtin: boolean;
  created_at: Date;
  updated_at: Date;
}

/** What a create or update writes (working hours in weekday order). */
export interface CalendarValues {
  name: string;
  timeZone: string;
  workingHours: WorkingHours;
  holidays: string[];
  extraWorkingDays: string[];
}

export const CALENDAR_SORT_COLUMNS = { name: 'name', createdAt: 'created_at', id: 'id' } as const;
export type CalendarSort = keyof typeof CALENDAR_SORT_COLUMNS;

export interface CalendarListCriteria {
  /** Case-insensitive prefix of the name, or of the id. */
  prefix?: string;
  builtin?: boolean;
  ids?: string[];
  sort: { field: CalendarSort; order: SortOrder };
  page?: Page;
}

const COLUMNS = `id, name, time_zone, working_hours, holidays::text[] AS holidays, extra_working_days::text[] AS extra_working_days, builtin, created_at, updated_at`;

export function toCalendarView(r: CalendarSettingsRow): CalendarView {
  return {
    id: r.id,
    name: r.name,
    timeZone: r.time_zone,
    workingHours: r.working_hours,
    holidays: r.holidays ?? [],
    extraWorkingDays: r.extra_working_days ?? [],
    builtin: r.builtin,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/** Working calendars of SLA clocks (docs/api.md "SLA": `/api/calendars`); the clock math reads them through `ClocksRepository.loadCalendar`. */
export class CalendarsRepository {
  async list(db: Db, c: CalendarListCriteria): Promise<{ rows: CalendarSettingsRow[]; total: number }> {
    const p = new SqlParams();
    const where: string[] = [];
    if (c.prefix !== undefined) {
      const like = p.add(likePrefix(c.prefix));
      where.push(`(name ILIKE ${like} OR id LIKE ${like})`);
    }
    if (c.builtin !== undefined) where.push(`builtin = ${p.add(c.builtin)}`);
    if (c.ids) where.push(`id = ANY(${p.add(c.ids)}::text[])`);
    const orderBy = `${CALENDAR_SORT_COLUMNS[c.sort.field]} ${c.sort.order}, id ${c.sort.order}`;
    return countedList<CalendarSettingsRow>(db, { from: 'calendars', columns: COLUMNS, where, params: p, orderBy, page: c.page });
  }

  find(db: Db, id: string, opts: { lock?: boolean } = {}): Promise<CalendarSettingsRow | undefined> {
    return maybeOne<CalendarSettingsRow>(db, `SELECT ${COLUMNS} FROM calendars WHERE id = $1${opts.lock ? ' FOR UPDATE' : ''}`, [id]);
  }

  async exists(db: Db, id: string): Promise<boolean> {
    return (await maybeOne(db, `SELECT 1 FROM calendars WHERE id = $1`, [id])) !== undefined;
  }

  insert(db: Db, id: string, v: CalendarValues): Promise<CalendarSettingsRow> {
    return one<CalendarSettingsRow>(
      db,
      `INSERT INTO calendars (id, name, time_zone, working_hours, holidays, extra_working_days, builtin)
       VALUES ($1, $2, $3, $4, $5::date[], $6::date[], false) RETURNING ${COLUMNS}`,
      [id, v.name, v.timeZone, JSON.stringify(v.workingHours), v.holidays, v.extraWorkingDays],
    );
  }

  update(db: Db, id: string, v: CalendarValues, now: Date): Promise<CalendarSettingsRow> {
    return one<CalendarSettingsRow>(
      db,
      `UPDATE calendars SET name = $2, time_zone = $3, working_hours = $4, holidays = $5::date[], extra_working_days = $6::date[], updated_at = $7
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, v.name, v.timeZone, JSON.stringify(v.workingHours), v.holidays, v.extraWorkingDays, now],
    );
  }

  async delete(db: Db, id: string): Promise<void> {
    await affected(db, `DELETE FROM calendars WHERE id = $1`, [id]);
  }

  /**
   * First start with DEFAULT_TIME_ZONE: sets the zone of a calendar that is still as seeded (UTC, never edited:
   * `updated_at = created_at`). Returns whether it did.
   */
  async adoptTimeZoneIfUntouched(db: Db, id: string, timeZone: string, now: Date): Promise<boolean> {
    const changed = await rows<{ id: string }>(
      db,
      `UPDATE calendars SET time_zone = $2, updated_at = $3 WHERE id = $1 AND time_zone = 'UTC' AND updated_at = created_at RETURNING id`,
      [id, timeZone, now],
    );
    return changed.length > 0;
  }
}
