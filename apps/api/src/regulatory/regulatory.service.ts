import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { REGULATORY_KINDS, REGULATORY_SORT_FIELDS, REGULATORY_STATES, type RegulatoryClockView, type RegulatoryKind, type RegulatoryPolicyView } from '@sentinel/contracts';
import { computeClockTimes, isValidIsoDuration, isValidSlaTarget, SlaError, type FieldErrors } from '@sentinel/domain';
import { CalendarsRepository, ClocksRepository, RegulatoryRepository, toRegulatoryClockView } from '@sentinel/persistence';
import { AuditService } from '../audit/audit.service';
import { auditActor, type Actor } from '../auth/actor';
import { listCaseRecords } from '../common/case-record-list';
import { parseTimeParam } from '../common/list-query';
import { notFound, validationFailed } from '../common/problem.exception';
import { filterEnum } from '../users/filter-values';
import type { UpdateRegulatoryPolicyDto } from './regulatory-policy.dto';

export const REGULATORY_FILTERS = ['caseId', 'state', 'kind', 'dueBefore'] as const;
export const REGULATORY_SORTS = REGULATORY_SORT_FIELDS;
const SORT_COLUMNS = { dueAt: 'due_at', startedAt: 'started_at', createdAt: 'created_at', id: 'id' } as const;

/** `GET /api/regulatory-clocks` and the policies per kind (docs/api.md "Regulatory clocks"). */
@Injectable()
export class RegulatoryService {
  constructor(
    private readonly ds: DataSource,
    private readonly regulatory: RegulatoryRepository,
    private readonly calendars: CalendarsRepository,
    private readonly clocks: ClocksRepository,
    private readonly audit: AuditService,
  ) {}

  list(query: Record<string, unknown>): Promise<{ rows: RegulatoryClockView[]; total: number; offset: number }> {
    const spec = { filters: REGULATORY_FILTERS, sorts: REGULATORY_SORTS, defaultSort: { field: 'dueAt', order: 'ASC' }, sortColumns: SORT_COLUMNS } as const;
    return listCaseRecords(
      query,
      spec,
      (q, shared) =>
        this.regulatory.list(this.ds, {
          ...shared(),
          state: q.filter.state !== undefined ? filterEnum('state', q.filter.state, REGULATORY_STATES) : undefined,
          kind: q.filter.kind !== undefined ? filterEnum('kind', q.filter.kind, REGULATORY_KINDS) : undefined,
          dueBefore: q.filter.dueBefore !== undefined ? parseTimeParam('dueBefore', q.filter.dueBefore) : undefined,
        }),
      toRegulatoryClockView,
    );
  }

  policies(): Promise<RegulatoryPolicyView[]> {
    return this.regulatory.policies(this.ds);
  }

  async policy(kind: string): Promise<RegulatoryPolicyView> {
    const found = (await this.regulatory.policies(this.ds)).find((p) => p.kind === kind);
    if (!found) throw notFound('Regulatory policy', kind);
    return found;
  }

  /** Admin: a kind's target, calendar and warning percentage (system event `regulatory_policy.updated`); new clocks start on it. */
  async update(kind: string, dto: UpdateRegulatoryPolicyDto, actor: Actor): Promise<RegulatoryPolicyView> {
    const before = await this.policy(kind);
    const next = { target: dto.target ?? before.target, calendarId: dto.calendarId ?? before.calendarId, warnAtPercent: dto.warnAtPercent ?? before.warnAtPercent };
    return this.ds.transaction(async (em) => {
      const errors: FieldErrors = {};
      if (!isValidSlaTarget(next.target)) {
        errors.target = { code: isValidIsoDuration(next.target) ? 'OUT_OF_RANGE' : 'PATTERN', message: 'must be an ISO 8601 duration longer than zero and at most 365 days (e.g. PT24H, P3D)' };
      }
      if (!(await this.calendars.exists(em, next.calendarId))) errors.calendarId = { code: 'NOT_FOUND', message: 'is not a known calendar' };
      if (!errors.target && !errors.calendarId) {
        try {
          computeClockTimes({ startedAt: new Date(), target: next.target, calendar: await this.clocks.loadCalendar(em, next.calendarId), warnAtPercent: next.warnAtPercent });
        } catch (e) {
          if (!(e instanceof SlaError)) throw e;
          errors[e.code === 'SLA.INVALID_WARN_PERCENT' ? 'warnAtPercent' : 'target'] = { code: 'OUT_OF_RANGE', message: e.message };
        }
      }
      if (Object.keys(errors).length) throw validationFailed(errors);
      const after = (await this.regulatory.updatePolicy(em, kind as RegulatoryKind, next))!;
      const view = (v: RegulatoryPolicyView) => ({ kind: v.kind, target: v.target, calendarId: v.calendarId, warnAtPercent: v.warnAtPercent });
      await this.audit.appendSystemEvent(em, { actor: auditActor(actor), action: 'regulatory_policy.updated', data: { before: view(before), after: view(after) } });
      return after;
    });
  }
}
