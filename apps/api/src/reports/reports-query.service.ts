import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CHANNELS, type ReportView } from '@sentinel/contracts';
import { normaliseSn } from '@sentinel/domain';
import { ReportsRepository } from '@sentinel/persistence';
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
  ) {}

  async list(q: ListQuery<(typeof REPORT_FILTERS)[number], (typeof REPORT_SORTS)[number]>): Promise<{ rows: ReportView[]; total: number }> {
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
    return this.reports.list(this.ds, {
      caseId: f.caseId as string | undefined,
      sn: f.sn !== undefined ? normaliseSn(String(f.sn)) : undefined,
      channels,
      receivedFrom: f.receivedFrom !== undefined ? parseTimeParam('receivedFrom', f.receivedFrom, 'filter receivedFrom') : undefined,
      receivedTo: f.receivedTo !== undefined ? parseTimeParam('receivedTo', f.receivedTo, 'filter receivedTo') : undefined,
      ids: q.ids,
      sort: { column: SORT_COLUMNS[q.sort.field] ?? 'received_at', order: q.sort.order },
      limit: q.ids ? q.ids.length : q.limit,
      offset: q.ids ? 0 : q.offset,
    });
  }

  async show(id: string): Promise<ReportView> {
    assertUuid(id, 'report');
    const r = await this.reports.get(this.ds, id);
    if (!r) throw notFound('report', id);
    return r;
  }
}
