import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CaseEventView, CaseListRow, CaseView } from '@sentinel/contracts';
import type { Actor } from '../auth/actor';
import { eventRowToView } from '../audit/audit.service';
import { assertUuid, isUuid, type ListQuery } from '../common/list-query';
import { notFound } from '../common/problem.exception';
import { CaseRepository, CASE_ROW_SELECT, toCaseRow } from './case.repository';
import { buildCaseFilterSql, CASE_SORTS, type CaseFilterField } from './case-filter.sql';

/** Reads of cases: the flat list, the case page, and its audit events. */
@Injectable()
export class CasesQueryService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: CaseRepository,
  ) {}

  async list(q: ListQuery<CaseFilterField, keyof typeof CASE_SORTS>, actor: Actor): Promise<{ rows: CaseListRow[]; total: number }> {
    const { where, params } = buildCaseFilterSql(q.filter, actor.id);
    if (q.ids) {
      if (!q.ids.every(isUuid)) return { rows: [], total: 0 };
      const rows = await this.ds.query(
        `SELECT ${CASE_ROW_SELECT} FROM cases c LEFT JOIN users u ON u.id = c.assignee_id WHERE c.id = ANY($${params.length + 1}) AND ${where}`,
        [...params, q.ids],
      );
      return { rows: rows.map(toCaseRow), total: rows.length };
    }
    const col = CASE_SORTS[q.sort.field as keyof typeof CASE_SORTS] ?? 'c.created_at';
    const dir = q.sort.order;
    const nulls = col === 'c.due_at' ? (dir === 'ASC' ? ' NULLS LAST' : ' NULLS FIRST') : '';
    const [rows, [{ total }]] = await Promise.all([
      this.ds.query(
        `SELECT ${CASE_ROW_SELECT} FROM cases c LEFT JOIN users u ON u.id = c.assignee_id
          WHERE ${where} ORDER BY ${col} ${dir}${nulls}, c.id ${dir} LIMIT ${q.limit} OFFSET ${q.offset}`,
        params,
      ),
      this.ds.query(`SELECT count(*)::int AS total FROM cases c WHERE ${where}`, params),
    ]);
    return { rows: rows.map(toCaseRow), total };
  }

  show(id: string, actor: Actor): Promise<CaseView> {
    return this.ds.transaction('REPEATABLE READ', (em) => this.repo.loadView(em, id, actor));
  }

  async events(id: string): Promise<CaseEventView[]> {
    assertUuid(id, 'case');
    const [exists] = await this.ds.query(`SELECT 1 FROM cases WHERE id = $1`, [id]);
    if (!exists) throw notFound('case', id);
    // actorName is served beside the hashed fields (never inside `actor`, which is part of the hash).
    const rows = await this.ds.query(
      `SELECT e.*, u.name AS actor_name FROM case_events e LEFT JOIN users u ON u.id::text = e.actor_id WHERE e.case_id = $1 ORDER BY e.seq`,
      [id],
    );
    return rows.map((r: any) => ({ ...eventRowToView(r), actorName: r.actor_name ?? null }));
  }
}
