import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Stage } from '@sentinel/contracts';
import { BUSINESS_CALENDAR_ID, CALENDAR_24X7_ID, validateCalendar } from '@sentinel/domain';
import { SYSTEM_ACTOR } from '@sentinel/domain';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AuditService } from '../audit/audit.service';
import { auditActor, type Actor } from '../auth/actor';
import { parseListQuery } from '../common/list-query';
import { notFound, ProblemException, validationFailed } from '../common/problem.exception';
import { WakeupPublisher } from '../jobs/wakeup.publisher';
import { filterBoolean, filterString } from '../users/filter-values';
import { likePrefix } from '../users/validators';
import { type CalendarView, type CreateCalendarDto, type UpdateCalendarDto } from './calendar.dto';
import { clockWakeups, lockSlaSettings, recomputeStages } from './sla-recompute';

interface CalendarRow {
  id: string;
  name: string;
  time_zone: string;
  working_hours: Record<string, [string, string]>;
  holidays: string[];
  extra_working_days: string[];
  builtin: boolean;
  created_at: Date;
  updated_at: Date;
}

/** date[] read as text (YYYY-MM-DD): the pg driver would turn dates into local-midnight Date objects. */
const COLUMNS = `id, name, time_zone, working_hours, holidays::text[] AS holidays, extra_working_days::text[] AS extra_working_days, builtin, created_at, updated_at`;
export const CALENDAR_FILTERS = ['q', 'builtin'] as const;
export const CALENDAR_SORTS = ['name'] as const;
const SORT_COLUMNS: Record<string, string> = { name: 'name', createdAt: 'created_at', id: 'id' };

function toView(r: CalendarRow): CalendarView {
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

type Editable = Pick<CalendarView, 'name' | 'timeZone' | 'workingHours' | 'holidays' | 'extraWorkingDays'>;
const editable = (v: CalendarView | Editable): Editable => ({
  name: v.name,
  timeZone: v.timeZone,
  workingHours: v.workingHours,
  holidays: v.holidays,
  extraWorkingDays: v.extraWorkingDays,
});
const same = (a: Editable, b: Editable) => JSON.stringify(a) === JSON.stringify(b);

/** Working hours in weekday order, absent days dropped (stored and compared canonically). */
function canonicalHours(wh: Record<string, unknown>): Record<string, [string, string]> {
  const out: Record<string, [string, string]> = {};
  for (const d of ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']) {
    const w = wh[d];
    if (Array.isArray(w)) out[d] = [String(w[0]), String(w[1])];
  }
  return out;
}

const builtinRefused = (id: string) =>
  new ProblemException('AUTH.FORBIDDEN', `The built-in calendar ${id} cannot be changed or deleted; create another calendar instead`, { calendarId: id, builtin: true });

/**
 * Calendars of SLA clocks (docs/api.md "SLA"). Writes validate with libs/domain `validateCalendar` (422 with field
 * errors) and re-compute the open clocks of every stage whose policy uses the calendar, in the same transaction.
 */
@Injectable()
export class CalendarsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(CalendarsService.name);

  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly wakeups: WakeupPublisher,
    @Inject(APP_CONFIG) private readonly cfg: AppConfig,
  ) {}

  /**
   * First start with DEFAULT_TIME_ZONE set: the seeded `business` calendar (UTC, never edited: updated_at =
   * created_at) takes that zone, so the default business hours are local hours. Once edited, never touched again.
   */
  async onApplicationBootstrap(): Promise<void> {
    const tz = this.cfg.defaultTimeZone;
    if (!tz || tz === 'UTC') return;
    const moved = await this.ds.transaction(async (em) => {
      await lockSlaSettings(em);
      const [rows] = await em.query(
        `UPDATE calendars SET time_zone = $2, updated_at = now() WHERE id = $1 AND time_zone = 'UTC' AND updated_at = created_at RETURNING id`,
        [BUSINESS_CALENDAR_ID, tz],
      );
      if (!rows.length) return null;
      const clocks = await recomputeStages(em, await this.stagesUsing(em, BUSINESS_CALENDAR_ID), new Date());
      await this.audit.appendSystemEvent(em, {
        actor: SYSTEM_ACTOR,
        action: 'calendar.updated',
        data: { calendarId: BUSINESS_CALENDAR_ID, before: { timeZone: 'UTC' }, after: { timeZone: tz }, reason: 'DEFAULT_TIME_ZONE at first start', recomputedClocks: clocks.length },
      });
      return clocks;
    });
    if (moved) {
      this.logger.log(`calendar ${BUSINESS_CALENDAR_ID} set to DEFAULT_TIME_ZONE ${tz}`);
      if (moved.length) await this.wakeups.publish(clockWakeups(moved));
    }
  }

  async list(query: Record<string, unknown>) {
    const q = parseListQuery(query, { filters: CALENDAR_FILTERS, sorts: CALENDAR_SORTS, defaultSort: { field: 'name', order: 'ASC' } });
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    const where: string[] = [];
    if (q.filter.q !== undefined) where.push(`(name ILIKE ${p(likePrefix(filterString('q', q.filter.q).trim()))} OR id LIKE $${params.length})`);
    if (q.filter.builtin !== undefined) where.push(`builtin = ${p(filterBoolean('builtin', q.filter.builtin))}`);
    if (q.ids) where.push(`id = ANY(${p(q.ids)}::text[])`);
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.ds.query(`SELECT count(*)::int AS total FROM calendars ${w}`, params);
    const order = `${SORT_COLUMNS[q.sort.field] ?? 'name'} ${q.sort.order}, id ${q.sort.order}`;
    const page = q.ids ? '' : ` LIMIT ${p(q.limit)} OFFSET ${p(q.offset)}`;
    const rows: CalendarRow[] = await this.ds.query(`SELECT ${COLUMNS} FROM calendars ${w} ORDER BY ${order}${page}`, params);
    return { rows: rows.map(toView), total, offset: q.ids ? 0 : q.offset };
  }

  async get(id: string): Promise<CalendarView> {
    const [row] = await this.ds.query(`SELECT ${COLUMNS} FROM calendars WHERE id = $1`, [id]);
    if (!row) throw notFound('Calendar', id);
    return toView(row);
  }

  async create(dto: CreateCalendarDto, actor: Actor): Promise<CalendarView> {
    const next: Editable = {
      name: dto.name,
      timeZone: dto.timeZone,
      workingHours: dto.workingHours as Editable['workingHours'],
      holidays: (dto.holidays ?? []) as string[],
      extraWorkingDays: (dto.extraWorkingDays ?? []) as string[],
    };
    this.validate(next);
    return this.ds.transaction(async (em) => {
      await lockSlaSettings(em);
      const [exists] = await em.query(`SELECT 1 FROM calendars WHERE id = $1`, [dto.id]);
      if (exists) throw new ProblemException('CONFLICT', `A calendar with id ${dto.id} already exists`, { field: 'id' });
      const [row] = await em.query(
        `INSERT INTO calendars (id, name, time_zone, working_hours, holidays, extra_working_days, builtin)
         VALUES ($1, $2, $3, $4, $5::date[], $6::date[], false) RETURNING ${COLUMNS}`,
        [dto.id, next.name, next.timeZone, JSON.stringify(canonicalHours(next.workingHours)), next.holidays, next.extraWorkingDays],
      );
      const view = toView(row);
      await this.audit.appendSystemEvent(em, { actor: auditActor(actor), action: 'calendar.created', data: { calendarId: view.id, after: editable(view) } });
      return view;
    });
  }

  async update(id: string, dto: UpdateCalendarDto, actor: Actor, correlationId?: string): Promise<CalendarView> {
    const { view, moved } = await this.ds.transaction(async (em) => {
      await lockSlaSettings(em);
      const [row]: CalendarRow[] = await em.query(`SELECT ${COLUMNS} FROM calendars WHERE id = $1 FOR UPDATE`, [id]);
      if (!row) throw notFound('Calendar', id);
      const before = toView(row);
      const next: Editable = {
        name: dto.name ?? before.name,
        timeZone: dto.timeZone ?? before.timeZone,
        workingHours: (dto.workingHours as Editable['workingHours']) ?? before.workingHours,
        holidays: (dto.holidays as string[]) ?? before.holidays,
        extraWorkingDays: (dto.extraWorkingDays as string[]) ?? before.extraWorkingDays,
      };
      const beforeC = { ...editable(before), workingHours: canonicalHours(before.workingHours) };
      if (row.builtin || id === CALENDAR_24X7_ID) {
        // Read-only by rule (docs/api.md: a field the caller may not change → 403 when its value differs).
        if (!same(beforeC, { ...next, workingHours: canonicalHours(next.workingHours) })) throw builtinRefused(id);
        return { view: before, moved: [] };
      }
      this.validate(next);
      next.workingHours = canonicalHours(next.workingHours);
      if (same(beforeC, next)) return { view: before, moved: [] };
      const now = new Date();
      const [[updated]] = await em.query(
        `UPDATE calendars SET name = $2, time_zone = $3, working_hours = $4, holidays = $5::date[], extra_working_days = $6::date[], updated_at = $7
          WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, next.name, next.timeZone, JSON.stringify(next.workingHours), next.holidays, next.extraWorkingDays, now],
      );
      const stages = await this.stagesUsing(em, id);
      const moved = await recomputeStages(em, stages, now);
      const after = toView(updated);
      await this.audit.appendSystemEvent(em, {
        actor: auditActor(actor),
        action: 'calendar.updated',
        data: { calendarId: id, before: editable(before), after: editable(after), stagesRecomputed: stages, recomputedClocks: moved.length },
        at: now,
      });
      return { view: after, moved };
    });
    if (moved.length) await this.wakeups.publish(clockWakeups(moved), correlationId);
    return view;
  }

  /** Only a calendar no SLA policy uses (409 otherwise); the built-in one never (403). */
  async remove(id: string, actor: Actor): Promise<CalendarView> {
    return this.ds.transaction(async (em) => {
      await lockSlaSettings(em);
      const [row]: CalendarRow[] = await em.query(`SELECT ${COLUMNS} FROM calendars WHERE id = $1 FOR UPDATE`, [id]);
      if (!row) throw notFound('Calendar', id);
      if (row.builtin || id === CALENDAR_24X7_ID) throw builtinRefused(id);
      const stages = await this.stagesUsing(em, id);
      if (stages.length) {
        throw new ProblemException('CONFLICT', `The SLA policies of ${stages.join(', ')} use this calendar; point them at another calendar first`, { stages });
      }
      await em.query(`DELETE FROM calendars WHERE id = $1`, [id]);
      const view = toView(row);
      await this.audit.appendSystemEvent(em, { actor: auditActor(actor), action: 'calendar.deleted', data: { calendarId: id, before: editable(view) } });
      return view;
    });
  }

  private validate(next: Editable): void {
    const errors = validateCalendar({ id: 'candidate', ...next });
    if (Object.keys(errors).length) throw validationFailed(errors);
  }

  private async stagesUsing(em: EntityManager, calendarId: string): Promise<Stage[]> {
    const rows: Array<{ stage: Stage }> = await em.query(`SELECT stage FROM sla_policies WHERE calendar_id = $1 ORDER BY stage`, [calendarId]);
    return rows.map((r) => r.stage);
  }
}
