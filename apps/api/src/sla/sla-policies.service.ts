import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { STAGES, type SlaPolicyView, type Stage } from '@sentinel/contracts';
import { computeClockTimes, isValidIsoDuration, isValidSlaTarget, SlaError, type FieldErrors } from '@sentinel/domain';
import { CalendarsRepository, ClocksRepository, SlaPoliciesRepository, toSlaPolicyView, type Db, type SlaPolicyValues } from '@sentinel/persistence';
import { AuditService } from '../audit/audit.service';
import { auditActor, type Actor } from '../auth/actor';
import { parseListQuery } from '../common/list-query';
import { notFound, validationFailed } from '../common/problem.exception';
import { WakeupPublisher } from '../jobs/wakeup.publisher';
import { clockWakeups, recomputeStages } from './sla-recompute';
import type { UpdateSlaPolicyDto } from './sla-policy.dto';

export const POLICY_SORTS = ['stage', 'updatedAt'] as const;

const auditView = (v: SlaPolicyView) => ({ stage: v.stage, target: v.target, calendarId: v.calendarId, warnAtPercent: v.warnAtPercent });
const lifecycle = (s: Stage) => STAGES.indexOf(s);

/** SLA policies, one per stage (docs/api.md "SLA"). A change re-computes the stage's open clocks in the same transaction. */
@Injectable()
export class SlaPoliciesService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly wakeups: WakeupPublisher,
    private readonly policies: SlaPoliciesRepository,
    private readonly calendars: CalendarsRepository,
    private readonly clocks: ClocksRepository,
  ) {}

  /** Five rows at most: sorted in lifecycle order (or by updatedAt) here rather than by a SQL CASE. */
  async list(query: Record<string, unknown>): Promise<{ rows: SlaPolicyView[]; total: number; offset: number }> {
    const q = parseListQuery(query, { filters: [] as const, sorts: POLICY_SORTS, defaultSort: { field: 'stage', order: 'ASC' } });
    const wanted = q.ids ? new Set(q.ids) : null;
    const views = (await this.policies.list(this.ds))
      .filter((r) => !wanted || wanted.has(r.stage))
      .map(toSlaPolicyView)
      .sort((a, b) => {
        const d = q.sort.field === 'updatedAt' ? a.updatedAt.localeCompare(b.updatedAt) || lifecycle(a.stage) - lifecycle(b.stage) : lifecycle(a.stage) - lifecycle(b.stage);
        return q.sort.order === 'ASC' ? d : -d;
      });
    return { rows: wanted ? views : views.slice(q.offset, q.offset + q.limit), total: views.length, offset: wanted ? 0 : q.offset };
  }

  async get(stage: string): Promise<SlaPolicyView> {
    const row = await this.policies.find(this.ds, this.stageOf(stage));
    if (!row) throw notFound('SLA policy', stage);
    return toSlaPolicyView(row);
  }

  async update(stageParam: string, dto: UpdateSlaPolicyDto, actor: Actor, correlationId?: string): Promise<SlaPolicyView> {
    const stage = this.stageOf(stageParam);
    const now = new Date();
    const { view, moved } = await this.ds.transaction(async (em) => {
      await this.policies.lockSettings(em);
      const row = await this.policies.find(em, stage, { lock: true });
      if (!row) throw notFound('SLA policy', stage);
      const before = toSlaPolicyView(row);
      const next: SlaPolicyValues = {
        target: dto.target ?? before.target,
        calendarId: dto.calendarId ?? before.calendarId,
        warnAtPercent: dto.warnAtPercent ?? before.warnAtPercent,
      };
      await this.validate(em, next, now);
      if (next.target === before.target && next.calendarId === before.calendarId && next.warnAtPercent === before.warnAtPercent) {
        return { view: before, moved: [] };
      }
      const after = toSlaPolicyView(await this.policies.update(em, stage, next, now));
      const moved = await recomputeStages(this.clocks, em, [stage], now);
      await this.audit.appendSystemEvent(em, {
        actor: auditActor(actor),
        action: 'sla_policy.updated',
        data: { before: auditView(before), after: auditView(after), recomputedClocks: moved.length },
        at: now,
      });
      return { view: after, moved };
    });
    if (moved.length) await this.wakeups.publish(clockWakeups(moved), correlationId);
    return view;
  }

  /** 422 per field: a target the calendar can schedule (> 0, ≤ 365 days), a known calendar, a percentage 1–99. */
  private async validate(db: Db, next: SlaPolicyValues, now: Date): Promise<void> {
    const errors: FieldErrors = {};
    if (!isValidSlaTarget(next.target)) {
      errors.target = {
        code: isValidIsoDuration(next.target) ? 'OUT_OF_RANGE' : 'PATTERN',
        message: 'must be an ISO 8601 duration longer than zero and at most 365 days (e.g. PT1H, P1D, PT30S)',
      };
    }
    if (!(await this.calendars.exists(db, next.calendarId))) errors.calendarId = { code: 'NOT_FOUND', message: 'is not a known calendar' };
    if (!errors.target && !errors.calendarId) {
      try {
        computeClockTimes({ startedAt: now, target: next.target, calendar: await this.clocks.loadCalendar(db, next.calendarId), warnAtPercent: next.warnAtPercent });
      } catch (e) {
        if (!(e instanceof SlaError)) throw e;
        errors[e.code === 'SLA.INVALID_WARN_PERCENT' ? 'warnAtPercent' : 'target'] = { code: 'OUT_OF_RANGE', message: e.message };
      }
    }
    if (Object.keys(errors).length) throw validationFailed(errors);
  }

  private stageOf(s: string): Stage {
    if (!(STAGES as readonly string[]).includes(s)) throw notFound('SLA policy', s);
    return s as Stage;
  }
}

