import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { STAGES, type Stage } from '@sentinel/contracts';
import { computeClockTimes, isValidSlaTarget, SlaError, type FieldErrors } from '@sentinel/domain';
import { loadCalendar } from '@sentinel/persistence';
import { AuditService } from '../audit/audit.service';
import { auditActor, type Actor } from '../auth/actor';
import { parseListQuery } from '../common/list-query';
import { notFound, validationFailed } from '../common/problem.exception';
import { WakeupPublisher } from '../jobs/wakeup.publisher';
import { clockWakeups, lockSlaSettings, recomputeStages } from './sla-recompute';
import type { SlaPolicyView, UpdateSlaPolicyDto } from './sla-policy.dto';

export const POLICY_SORTS = ['stage', 'updatedAt'] as const;

interface PolicyRow {
  stage: Stage;
  target: string;
  calendar_id: string;
  warn_at_percent: number;
  updated_at: Date;
}

function toView(r: PolicyRow): SlaPolicyView {
  return { id: r.stage, stage: r.stage, target: r.target, calendarId: r.calendar_id, warnAtPercent: r.warn_at_percent, updatedAt: r.updated_at.toISOString() };
}

const auditView = (v: SlaPolicyView) => ({ stage: v.stage, target: v.target, calendarId: v.calendarId, warnAtPercent: v.warnAtPercent });

/** SLA policies, one per stage (docs/api.md "SLA"). A change re-computes the stage's open clocks in the same transaction. */
@Injectable()
export class SlaPoliciesService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly wakeups: WakeupPublisher,
  ) {}

  async list(query: Record<string, unknown>): Promise<{ rows: SlaPolicyView[]; total: number; offset: number }> {
    const q = parseListQuery(query, { filters: [] as const, sorts: POLICY_SORTS, defaultSort: { field: 'stage', order: 'ASC' } });
    const wanted = q.ids ? new Set(q.ids) : null;
    const rows: PolicyRow[] = await this.ds.query(`SELECT stage, target, calendar_id, warn_at_percent, updated_at FROM sla_policies`);
    const lifecycle = (s: Stage) => STAGES.indexOf(s);
    const views = rows
      .filter((r) => !wanted || wanted.has(r.stage))
      .map(toView)
      .sort((a, b) => {
        const d = q.sort.field === 'updatedAt' ? a.updatedAt.localeCompare(b.updatedAt) || lifecycle(a.stage) - lifecycle(b.stage) : lifecycle(a.stage) - lifecycle(b.stage);
        return q.sort.order === 'ASC' ? d : -d;
      });
    return { rows: wanted ? views : views.slice(q.offset, q.offset + q.limit), total: views.length, offset: wanted ? 0 : q.offset };
  }

  async get(stage: string): Promise<SlaPolicyView> {
    const [row] = await this.ds.query(`SELECT stage, target, calendar_id, warn_at_percent, updated_at FROM sla_policies WHERE stage = $1`, [this.stageOf(stage)]);
    if (!row) throw notFound('SLA policy', stage);
    return toView(row);
  }

  async update(stageParam: string, dto: UpdateSlaPolicyDto, actor: Actor, correlationId?: string): Promise<SlaPolicyView> {
    const stage = this.stageOf(stageParam);
    const now = new Date();
    const { view, moved } = await this.ds.transaction(async (em) => {
      await lockSlaSettings(em);
      const [row]: PolicyRow[] = await em.query(
        `SELECT stage, target, calendar_id, warn_at_percent, updated_at FROM sla_policies WHERE stage = $1 FOR UPDATE`,
        [stage],
      );
      if (!row) throw notFound('SLA policy', stage);
      const before = toView(row);
      const next = { target: dto.target ?? before.target, calendarId: dto.calendarId ?? before.calendarId, warnAtPercent: dto.warnAtPercent ?? before.warnAtPercent };
      const errors: FieldErrors = {};
      if (!isValidSlaTarget(next.target)) errors.target = { code: 'OUT_OF_RANGE', message: 'must be an ISO 8601 duration longer than zero and at most 365 days (e.g. PT1H, P1D, PT30S)' };
      const [cal] = await em.query(`SELECT id FROM calendars WHERE id = $1`, [next.calendarId]);
      if (!cal) errors.calendarId = { code: 'NOT_FOUND', message: 'is not a known calendar' };
      if (!errors.target && !errors.calendarId) {
        try {
          computeClockTimes({ startedAt: now, target: next.target, calendar: await loadCalendar(em, next.calendarId), warnAtPercent: next.warnAtPercent });
        } catch (e) {
          if (!(e instanceof SlaError)) throw e;
          errors[e.code === 'SLA.INVALID_WARN_PERCENT' ? 'warnAtPercent' : 'target'] = { code: 'OUT_OF_RANGE', message: e.message };
        }
      }
      if (Object.keys(errors).length) throw validationFailed(errors);
      if (next.target === before.target && next.calendarId === before.calendarId && next.warnAtPercent === before.warnAtPercent) {
        return { view: before, moved: [] };
      }
      const [[updated]] = await em.query(
        `UPDATE sla_policies SET target = $2, calendar_id = $3, warn_at_percent = $4, updated_at = $5 WHERE stage = $1
          RETURNING stage, target, calendar_id, warn_at_percent, updated_at`,
        [stage, next.target, next.calendarId, next.warnAtPercent, now],
      );
      const moved = await recomputeStages(em, [stage], now);
      const after = toView(updated);
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

  private stageOf(s: string): Stage {
    if (!(STAGES as readonly string[]).includes(s)) throw notFound('SLA policy', s);
    return s as Stage;
  }
}
