import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DataSource } from 'typeorm';
import type { CaseEventView, CaseListRow, CaseView } from '@sentinel/contracts';
import { CasesRepository, EventsRepository, toChainEvent, type CaseSortField } from '@sentinel/persistence';
import type { Actor } from '../auth/actor';
import { assertUuid, isUuid, type ListQuery } from '../common/list-query';
import { notFound } from '../common/problem.exception';
import { parseCaseFilter, type CaseFilterField } from './case-filter.sql';

/** Reads of cases: the flat list, the case page, and its audit events. */
@Injectable()
export class CasesQueryService {
  constructor(
    private readonly ds: DataSource,
    private readonly cases: CasesRepository,
    private readonly chain: EventsRepository,
    @Inject(APP_CONFIG) private readonly cfg: AppConfig,
  ) {}

  async list(q: ListQuery<CaseFilterField, CaseSortField>, actor: Actor): Promise<{ rows: CaseListRow[]; total: number; estimated: boolean }> {
    const filter = parseCaseFilter(q.filter, actor.id);
    if (q.ids && !q.ids.every(isUuid)) return { rows: [], total: 0, estimated: false };
    return this.cases.list(this.ds, filter, {
      ids: q.ids,
      sort: { field: q.sort.field, order: q.sort.order },
      limit: q.limit,
      offset: q.offset,
      exactTotalUpTo: this.cfg.caseListExactTotalUpTo,
    });
  }

  /** One statement, so one snapshot: the page is consistent without a transaction. */
  async show(id: string, actor: Actor): Promise<CaseView> {
    assertUuid(id, 'case');
    const view = await this.cases.loadView(this.ds, id, { id: actor.id, role: actor.role });
    if (!view) throw notFound('case', id);
    return view;
  }

  async events(id: string): Promise<CaseEventView[]> {
    assertUuid(id, 'case');
    if (!(await this.cases.exists(this.ds, id))) throw notFound('case', id);
    // actorName is served beside the hashed fields (never inside `actor`, which is part of the hash).
    const found = await this.chain.listCaseEvents(this.ds, id);
    return found.map((r) => ({ ...toChainEvent(r), actorName: r.actor_name ?? null }));
  }
}
