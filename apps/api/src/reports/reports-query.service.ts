import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CHANNELS, type ReportView } from '@sentinel/contracts';
import { normaliseSn } from '@sentinel/domain';
import { assertUuid, isUuid, parseTimeParam, type ListQuery } from '../common/list-query';
import { notFound, ProblemException } from '../common/problem.exception';
import { toReportView } from '../cases/case.repository';

export const REPORT_FILTERS = ['caseId', 'sn', 'channel', 'receivedFrom', 'receivedTo'] as const;
export const REPORT_SORTS = ['receivedAt'] as const;
const SORT_COLUMNS: Record<string, string> = { receivedAt: 'r.received_at', createdAt: 'r.created_at', id: 'r.id' };

@Injectable()
export class ReportsQueryService {
  constructor(private readonly ds: DataSource) {}

  async list(q: ListQuery<(typeof REPORT_FILTERS)[number], (typeof REPORT_SORTS)[number]>): Promise<{ rows: ReportView[]; total: number }> {
    const params: unknown[] = [];
    const where: string[] = [];
    const f = q.filter;
    if (f.caseId !== undefined) {
      if (!isUuid(f.caseId)) return { rows: [], total: 0 };
      where.push(`r.case_id = $${params.push(f.caseId)}`);
    }
    if (f.sn !== undefined) where.push(`r.sn = $${params.push(normaliseSn(String(f.sn)))}`);
    if (f.channel !== undefined) {
      const ch = (Array.isArray(f.channel) ? f.channel : [f.channel]).map(String);
      if (ch.some((c) => !(CHANNELS as readonly string[]).includes(c))) throw new ProblemException('REQUEST.MALFORMED', `filter channel must be one of ${CHANNELS.join(', ')}`);
      where.push(`r.channel = ANY($${params.push(ch)})`);
    }
    if (f.receivedFrom !== undefined) where.push(`r.received_at >= $${params.push(parseTimeParam('receivedFrom', f.receivedFrom, 'filter receivedFrom'))}`);
    if (f.receivedTo !== undefined) where.push(`r.received_at < $${params.push(parseTimeParam('receivedTo', f.receivedTo, 'filter receivedTo'))}`);
    if (q.ids) {
      if (!q.ids.every(isUuid)) return { rows: [], total: 0 };
      where.push(`r.id = ANY($${params.push(q.ids)})`);
    }
    const w = where.length ? where.join(' AND ') : 'TRUE';
    const col = SORT_COLUMNS[q.sort.field] ?? 'r.received_at';
    const limit = q.ids ? q.ids.length : q.limit;
    const offset = q.ids ? 0 : q.offset;
    const [rows, [{ total }]] = await Promise.all([
      this.ds.query(
        `SELECT r.*, c.reference FROM reports r JOIN cases c ON c.id = r.case_id WHERE ${w} ORDER BY ${col} ${q.sort.order}, r.id ${q.sort.order} LIMIT ${limit} OFFSET ${offset}`,
        params,
      ),
      this.ds.query(`SELECT count(*)::int AS total FROM reports r WHERE ${w}`, params),
    ]);
    return { rows: rows.map((r: any) => toReportView(r, r.reference)), total };
  }

  async show(id: string): Promise<ReportView> {
    assertUuid(id, 'report');
    const [r] = await this.ds.query(`SELECT r.*, c.reference FROM reports r JOIN cases c ON c.id = r.case_id WHERE r.id = $1`, [id]);
    if (!r) throw notFound('report', id);
    return toReportView(r, r.reference);
  }
}
