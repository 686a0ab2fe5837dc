import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { WEEKDAY_KEYS, type CalendarView, type WorkingHours } from '@sentinel/contracts';
import { BUSINESS_CALENDAR_ID, CALENDAR_24X7_ID, SYSTEM_ACTOR, validateCalendar } from '@sentinel/domain';
import {
  CalendarsRepository,
  ClocksRepository,
  SlaPoliciesRepository,
  toCalendarView,
  type CalendarSort,
  type CalendarValues,
} from '@sentinel/persistence';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AuditService } from '../audit/audit.service';
import { auditActor, type Actor } from '../auth/actor';
import { parseListQuery } from '../common/list-query';
import { notFound, ProblemException, validationFailed } from '../common/problem.exception';
import { WakeupPublisher } from '../jobs/wakeup.publisher';
import { filterBoolean, filterString } from '../users/filter-values';
import type { CreateCalendarDto, UpdateCalendarDto } from './calendar.dto';
import { clockWakeups, recomputeStages } from './sla-recompute';

export const CALENDAR_FILTERS = ['q', 'builtin'] as const;
export const CALENDAR_SORTS = ['name'] as const;

type Editable = CalendarValues;
const editable = (v: CalendarView | Editable): Editable => ({
  name: v.name,
  timeZone: v.timeZone,
  workingHours: v.workingHours,
  holidays: v.holidays,
  extraWorkingDays: v.extraWorkingDays,
});
const same = (a: Editable, b: Editable) => JSON.stringify(a) === JSON.stringify(b);

/** Working hours in weekday order, absent days dropped (stored and compared canonically). */
function canonicalHours(wh: Record<string, unknown>): WorkingHours {
  const out: WorkingHours = {};
  for (const d of WEEKDAY_KEYS) {
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
    private readonly calendars: CalendarsRepository,
    private readonly policies: SlaPoliciesRepository,
    private readonly clocks: ClocksRepository,
  ) {}

  /**
   * First start with DEFAULT_TIME_ZONE set: the seeded `business` calendar (UTC, never edited: updated_at =
   * created_at) takes that zone, so the default business hours are local hours. Once edited, never touched again.
   */
  async onApplicationBootstrap(): Promise<void> {
    const tz = this.cfg.defaultTimeZone;
    if (!tz || tz === 'UTC') return;
    const moved = await this.ds.transaction(async (em) => {
      await this.policies.lockSettings(em);
      const now = new Date();
      if (!(await this.calendars.adoptTimeZoneIfUntouched(em, BUSINESS_CALENDAR_ID, tz, now))) return null;
      const clocks = await recomputeStages(this.clocks, em, await this.policies.stagesUsingCalendar(em, BUSINESS_CALENDAR_ID), now);
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

  async list(query: Record<string, unknown>): Promise<{ rows: CalendarView[]; total: number; offset: number }> {
    const q = parseListQuery(query, { filters: CALENDAR_FILTERS, sorts: CALENDAR_SORTS, defaultSort: { field: 'name', order: 'ASC' } });
    const { rows, total } = await this.calendars.list(this.ds, {
      prefix: q.filter.q !== undefined ? filterString('q', q.filter.q).trim() : undefined,
      builtin: q.filter.builtin !== undefined ? filterBoolean('builtin', q.filter.builtin) : undefined,
      ids: q.ids,
      sort: { field: q.sort.field as CalendarSort, order: q.sort.order },
      page: q.ids ? undefined : { limit: q.limit, offset: q.offset },
    });
    return { rows: rows.map(toCalendarView), total, offset: q.ids ? 0 : q.offset };
  }

  async get(id: string): Promise<CalendarView> {
    const row = await this.calendars.find(this.ds, id);
    if (!row) throw notFound('Calendar', id);
    return toCalendarView(row);
  }

  async create(dto: CreateCalendarDto, actor: Actor): Promise<CalendarView> {
    const next: Editable = {
      name: dto.name,
      timeZone: dto.timeZone,
      workingHours: dto.workingHours as WorkingHours,
      holidays: (dto.holidays ?? []) as string[],
      extraWorkingDays: (dto.extraWorkingDays ?? []) as string[],
    };
    this.validate(next);
    return this.ds.transaction(async (em) => {
      await this.policies.lockSettings(em);
      if (await this.calendars.exists(em, dto.id)) throw new ProblemException('CONFLICT', `A calendar with id ${dto.id} already exists`, { field: 'id' });
      const view = toCalendarView(await this.calendars.insert(em, dto.id, { ...next, workingHours: canonicalHours(next.workingHours) }));
      await this.audit.appendSystemEvent(em, { actor: auditActor(actor), action: 'calendar.created', data: { calendarId: view.id, after: editable(view) } });
      return view;
    });
  }

  async update(id: string, dto: UpdateCalendarDto, actor: Actor, correlationId?: string): Promise<CalendarView> {
    const { view, moved } = await this.ds.transaction(async (em) => {
      await this.policies.lockSettings(em);
      const row = await this.calendars.find(em, id, { lock: true });
      if (!row) throw notFound('Calendar', id);
      const before = toCalendarView(row);
      const next: Editable = {
        name: dto.name ?? before.name,
        timeZone: dto.timeZone ?? before.timeZone,
        workingHours: (dto.workingHours as WorkingHours | undefined) ?? before.workingHours,
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
      const after = toCalendarView(await this.calendars.update(em, id, next, now));
      const stages = await this.policies.stagesUsingCalendar(em, id);
      const moved = await recomputeStages(this.clocks, em, stages, now);
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
      await this.policies.lockSettings(em);
      const row = await this.calendars.find(em, id, { lock: true });
      if (!row) throw notFound('Calendar', id);
      if (row.builtin || id === CALENDAR_24X7_ID) throw builtinRefused(id);
      const stages = await this.policies.stagesUsingCalendar(em, id);
      if (stages.length) {
        throw new ProblemException('CONFLICT', `The SLA policies of ${stages.join(', ')} use this calendar; point them at another calendar first`, { stages });
      }
      await this.calendars.delete(em, id);
      const view = toCalendarView(row);
      await this.audit.appendSystemEvent(em, { actor: auditActor(actor), action: 'calendar.deleted', data: { calendarId: id, before: editable(view) } });
      return view;
    });
  }

  private validate(next: Editable): void {
    const errors = validateCalendar({ id: 'candidate', ...next });
    if (Object.keys(errors).length) throw validationFailed(errors);
  }
}
