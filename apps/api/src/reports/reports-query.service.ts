import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CHANNELS, type ReporterRevealedValue, type ReportView } from '@sentinel/contracts';
import { normaliseSn } from '@sentinel/domain';
import { ReportsRepository, type Db } from '@sentinel/persistence';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { assertTeamVisible } from '../common/case-scope';
import { assertRevealReason, recordReveal } from '../common/reveal';
import type { ReporterRevealDto } from './report.view';
import { maskReporterFor } from './reporter-mask';
import { assertUuid, isUuid, parseTimeParam, type ListQuery } from '../common/list-query';
import { notFound, ProblemException } from '../common/problem.exception';

export const REPORT_FILTERS = ['caseId', 'sn', 'channel', 'receivedFrom', 'receivedTo'] as const;
export const REPORT_SORTS = ['receivedAt'] as const;
const SORT_COLUMNS = { receivedAt: 'received_at', createdAt: 'created_at', id: 'id' } as const;

@Injectable()
export class ReportsQueryService {
  constructor(
    private readonly ds: DataSource,
    private readonly reports: ReportsRepository,
    private readonly audit: AuditService,
  ) {}

  async list(q: ListQuery<(typeof REPORT_FILTERS)[number], (typeof REPORT_SORTS)[number]>, actor: Actor): Promise<{ rows: ReportView[]; total: number }> {
    const f = q.filter;
    if (f.caseId !== undefined && !isUuid(f.caseId)) return { rows: [], total: 0 };
    if (q.ids && !q.ids.every(isUuid)) return { rows: [], total: 0 };
    let channels: string[] | undefined;
    if (f.channel !== undefined) {
      channels = (Array.isArray(f.channel) ? f.channel : [f.channel]).map(String);
      if (channels.some((c) => !(CHANNELS as readonly string[]).includes(c))) {
        throw new ProblemException('REQUEST.MALFORMED', `filter channel must be one of ${CHANNELS.join(', ')}`);
      }
    }
    const found = await this.reports.list(this.ds, {
      caseId: f.caseId as string | undefined,
      sn: f.sn !== undefined ? normaliseSn(String(f.sn)) : undefined,
      channels,
      receivedFrom: f.receivedFrom !== undefined ? parseTimeParam('receivedFrom', f.receivedFrom, 'filter receivedFrom') : undefined,
      receivedTo: f.receivedTo !== undefined ? parseTimeParam('receivedTo', f.receivedTo, 'filter receivedTo') : undefined,
      ids: q.ids,
      ...(actor.caseScope ? { visibleTo: actor.caseScope } : {}),
      sort: { column: SORT_COLUMNS[q.sort.field] ?? 'received_at', order: q.sort.order },
      limit: q.ids ? q.ids.length : q.limit,
      offset: q.ids ? 0 : q.offset,
    });
    return { rows: found.rows.map((r) => maskReporterFor(actor.role, r)), total: found.total };
  }

  async show(id: string, actor: Actor): Promise<ReportView> {
    const { caseTeamId: _team, ...view } = await this.visible(this.ds, id, actor);
    return maskReporterFor(actor.role, view);
  }

  /**
   * Shows a reporter's phone or e-mail unmasked, recorded in the system chain with the field and reason (never the
   * value), the way terminal reveals are. Any reader of the report may ask (auditors are the ones it is masked for).
   */
  async reveal(id: string, dto: ReporterRevealDto, actor: Actor): Promise<ReporterRevealedValue> {
    assertRevealReason(dto.reason);
    return this.ds.transaction(async (em) => {
      const r = await this.visible(em, id, actor);
      await recordReveal(em, this.audit, actor, 'report.revealed', { reportId: id, caseId: r.caseId, field: dto.field, reason: dto.reason });
      return { field: dto.field, value: r.reporter?.[dto.field] ?? null };
    });
  }

  private async visible(db: Db, id: string, actor: Actor) {
    assertUuid(id, 'report');
    const r = await this.reports.get(db, id);
    if (!r) throw notFound('report', id);
    assertTeamVisible(actor.caseScope, r.caseTeamId, 'report', id);
    return r;
  }
}
