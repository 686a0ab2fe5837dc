import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { QueueView } from '@sentinel/contracts';
import { QueuesRepository, type Db, type QueueRow, type QueueSort } from '@sentinel/persistence';
import { AuditService } from '../audit/audit.service';
import { auditActor, type Actor } from '../auth/actor';
import { CASE_FILTER_FIELDS, parseCaseFilter } from '../cases/case-filter.sql';
import { assertUuid, parseListQuery } from '../common/list-query';
import { notFound, ProblemException, validationFailed } from '../common/problem.exception';
import { filterString, filterUuidsOrNull, validIds } from '../users/filter-values';
import type { CreateQueueDto, UpdateQueueDto } from './queue.dto';

export const QUEUE_FILTERS = ['q', 'teamId'] as const;
export const QUEUE_SORTS = ['name'] as const;
const FILTER_FIELDS = new Set<string>(CASE_FILTER_FIELDS);

function toView(r: QueueRow, counts: QueueView['counts']): QueueView {
  return {
    id: r.id,
    name: r.name,
    teamId: r.team_id,
    filter: r.filter,
    counts,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

const auditView = (r: QueueRow) => ({ id: r.id, name: r.name, teamId: r.team_id, filter: r.filter });

/**
 * Checks a queue's saved case filter: only the filter fields of GET /api/cases (unknown → 400
 * REQUEST.UNKNOWN_FIELD), each value a string, null or a list of them, and every value the case list's
 * `parseCaseFilter` accepts (a bad value in a body is a field error: 422 with `errors["filter.<field>"]`).
 * Empty values ('' and []) are dropped, as a list query drops them.
 */
export function validateQueueFilter(raw: Record<string, unknown>, actorId: string): Record<string, unknown> {
  const unknown = Object.keys(raw).filter((k) => !FILTER_FIELDS.has(k));
  if (unknown.length) {
    const fields = unknown.map((k) => `filter.${k}`);
    throw new ProblemException('REQUEST.UNKNOWN_FIELD', `Unknown filter field${fields.length > 1 ? 's' : ''}: ${fields.join(', ')}`, { fields });
  }
  const filter: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v === '' || (Array.isArray(v) && v.length === 0)) continue;
    const scalarOk = (x: unknown) => x === null || (typeof x === 'string' && x.length <= 200);
    if (!(scalarOk(v) || (Array.isArray(v) && v.length <= 100 && v.every(scalarOk)))) {
      throw validationFailed({ [`filter.${k}`]: { code: 'INVALID_TYPE', message: 'must be a string, null or a list of them' } });
    }
    filter[k] = v;
  }
  try {
    parseCaseFilter(filter, actorId);
  } catch (e) {
    if (e instanceof ProblemException && e.status === 400) {
      const field = String(e.params?.field ?? 'filter');
      throw validationFailed({ [field === 'filter' ? field : `filter.${field}`]: { code: 'NOT_ALLOWED', message: e.message.replace(/^filter \S+ /, '') } });
    }
    throw e;
  }
  return filter;
}

/** Queues: saved views of open cases (docs/domain.md "Teams and queues"), served with live counts. */
@Injectable()
export class QueuesService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly queues: QueuesRepository,
  ) {}

  async list(query: Record<string, unknown>, actor: Actor): Promise<{ rows: QueueView[]; total: number; offset: number }> {
    const q = parseListQuery(query, { filters: QUEUE_FILTERS, sorts: QUEUE_SORTS, defaultSort: { field: 'name', order: 'ASC' } });
    const team = q.filter.teamId !== undefined ? filterUuidsOrNull('teamId', q.filter.teamId) : undefined;
    const { rows, total } = await this.queues.list(this.ds, {
      namePrefix: q.filter.q !== undefined ? filterString('q', q.filter.q).trim() : undefined,
      teamIds: team?.ids,
      includeNoTeam: team?.includeNull,
      ids: q.ids ? validIds(q.ids) : undefined,
      sort: { field: q.sort.field as QueueSort, order: q.sort.order },
      page: q.ids ? undefined : { limit: q.limit, offset: q.offset },
    });
    return { rows: await this.withCounts(this.ds, rows, actor), total, offset: q.ids ? 0 : q.offset };
  }

  async get(id: string, actor: Actor): Promise<QueueView> {
    assertUuid(id, 'Queue');
    const row = await this.queues.findById(this.ds, id);
    if (!row) throw notFound('Queue', id);
    return (await this.withCounts(this.ds, [row], actor))[0];
  }

  async create(dto: CreateQueueDto, actor: Actor): Promise<QueueView> {
    const filter = validateQueueFilter(dto.filter ?? {}, actor.id);
    return this.ds.transaction(async (em) => {
      const teamId = dto.teamId ?? null;
      await this.assertTeam(em, teamId);
      const row = await this.queues.insert(em, { name: dto.name, teamId, filter, createdBy: actor.id });
      await this.audit.appendSystemEvent(em, { actor: auditActor(actor), action: 'queue.created', data: { after: auditView(row) } });
      return (await this.withCounts(em, [row], actor))[0];
    });
  }

  async update(id: string, dto: UpdateQueueDto, actor: Actor): Promise<QueueView> {
    assertUuid(id, 'Queue');
    const filter = dto.filter !== undefined ? validateQueueFilter(dto.filter, actor.id) : undefined;
    return this.ds.transaction(async (em) => {
      const before = await this.queues.findById(em, id, { lock: true });
      if (!before) throw notFound('Queue', id);
      const teamId = dto.teamId !== undefined ? dto.teamId : before.team_id;
      if (teamId !== before.team_id) await this.assertTeam(em, teamId);
      const after = await this.queues.update(em, id, { name: dto.name ?? before.name, teamId, filter: filter ?? before.filter }, new Date());
      if (JSON.stringify(auditView(before)) !== JSON.stringify(auditView(after))) {
        await this.audit.appendSystemEvent(em, {
          actor: auditActor(actor),
          action: 'queue.updated',
          data: { before: auditView(before), after: auditView(after) },
        });
      }
      return (await this.withCounts(em, [after], actor))[0];
    });
  }

  async remove(id: string, actor: Actor): Promise<QueueView> {
    assertUuid(id, 'Queue');
    return this.ds.transaction(async (em) => {
      const row = await this.queues.findById(em, id, { lock: true });
      if (!row) throw notFound('Queue', id);
      await this.queues.delete(em, id);
      await this.audit.appendSystemEvent(em, { actor: auditActor(actor), action: 'queue.deleted', data: { before: auditView(row) } });
      return toView(row, null);
    });
  }

  /**
   * Live counts of each queue; `assigneeId: "me"` in a saved filter means whoever looks (docs/api-decisions.md
   * "Queues"). A stored filter that no longer validates yields `counts: null`, never a 500.
   */
  private async withCounts(db: Db, rows: QueueRow[], actor: Actor): Promise<QueueView[]> {
    const countable = rows.flatMap((r) => {
      try {
        return [{ id: r.id, teamId: r.team_id, filter: parseCaseFilter(r.filter ?? {}, actor.id) }];
      } catch {
        return [];
      }
    });
    const counts = await this.queues.counts(db, countable);
    return rows.map((r) => toView(r, counts.get(r.id) ?? null));
  }

  private async assertTeam(db: Db, teamId: string | null): Promise<void> {
    if (teamId && !(await this.queues.teamExists(db, teamId))) {
      throw validationFailed({ teamId: { code: 'NOT_FOUND', message: 'must be an existing team' } });
    }
  }
}
