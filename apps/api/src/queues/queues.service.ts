import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { auditActor, type Actor } from '../auth/actor';
import { buildCaseFilterSql, CASE_FILTER_FIELDS } from '../cases/case-filter.sql';
import { assertUuid, parseListQuery } from '../common/list-query';
import { notFound, ProblemException, validationFailed } from '../common/problem.exception';
import { filterString, filterUuidsOrNull, validIds } from '../users/filter-values';
import { likePrefix } from '../users/validators';
import type { CreateQueueDto, QueueCountsDto, QueueDto, UpdateQueueDto } from './queue.dto';

interface QueueRow {
  id: string;
  name: string;
  team_id: string | null;
  filter: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, name, team_id, filter, created_at, updated_at';
export const QUEUE_FILTERS = ['q', 'teamId'] as const;
export const QUEUE_SORTS = ['name'] as const;
const SORT_COLUMNS = { name: 'name', createdAt: 'created_at', id: 'id' } as const;
const FILTER_FIELDS = new Set<string>(CASE_FILTER_FIELDS);

function toView(r: QueueRow, counts: QueueCountsDto | null): QueueDto {
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
 * REQUEST.UNKNOWN_FIELD), each value a string, null or a list of them, and every value one
 * buildCaseFilterSql accepts (a bad value in a body is a field error: 422 with `errors["filter.<field>"]`).
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
    buildCaseFilterSql(filter, actorId);
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
  ) {}

  async list(query: Record<string, unknown>, actor: Actor) {
    const q = parseListQuery(query, { filters: QUEUE_FILTERS, sorts: QUEUE_SORTS, defaultSort: { field: 'name', order: 'ASC' } });
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    const where: string[] = [];
    if (q.filter.q !== undefined) where.push(`name ILIKE ${p(likePrefix(filterString('q', q.filter.q).trim()))}`);
    if (q.filter.teamId !== undefined) {
      const { ids, includeNull } = filterUuidsOrNull('teamId', q.filter.teamId);
      const ors = [...(ids.length ? [`team_id = ANY(${p(ids)}::uuid[])`] : []), ...(includeNull ? ['team_id IS NULL'] : [])];
      where.push(`(${ors.join(' OR ')})`);
    }
    if (q.ids) where.push(`id = ANY(${p(validIds(q.ids))}::uuid[])`);
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.ds.query(`SELECT count(*)::int AS total FROM queues ${whereSql}`, params);
    const order = `${SORT_COLUMNS[q.sort.field]} ${q.sort.order}, id ${q.sort.order}`;
    const page = q.ids ? '' : ` LIMIT ${p(q.limit)} OFFSET ${p(q.offset)}`;
    const rows: QueueRow[] = await this.ds.query(`SELECT ${COLUMNS} FROM queues ${whereSql} ORDER BY ${order}${page}`, params);
    const counts = await this.counts(this.ds.manager, rows, actor.id);
    return { rows: rows.map((r) => toView(r, counts.get(r.id) ?? null)), total, offset: q.ids ? 0 : q.offset };
  }

  async get(id: string, actor: Actor): Promise<QueueDto> {
    assertUuid(id, 'Queue');
    const [row] = await this.ds.query(`SELECT ${COLUMNS} FROM queues WHERE id = $1`, [id]);
    if (!row) throw notFound('Queue', id);
    const counts = await this.counts(this.ds.manager, [row], actor.id);
    return toView(row, counts.get(id) ?? null);
  }

  async create(dto: CreateQueueDto, actor: Actor): Promise<QueueDto> {
    const filter = validateQueueFilter(dto.filter ?? {}, actor.id);
    return this.ds.transaction(async (em) => {
      const teamId = dto.teamId ?? null;
      await this.assertTeam(em, teamId);
      const [row]: QueueRow[] = await em.query(
        `INSERT INTO queues (name, team_id, filter, created_by) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
        [dto.name, teamId, JSON.stringify(filter), actor.id],
      );
      await this.audit.appendSystemEvent(em, { actor: auditActor(actor), action: 'queue.created', data: { after: auditView(row) } });
      const counts = await this.counts(em, [row], actor.id);
      return toView(row, counts.get(row.id) ?? null);
    });
  }

  async update(id: string, dto: UpdateQueueDto, actor: Actor): Promise<QueueDto> {
    assertUuid(id, 'Queue');
    const filter = dto.filter !== undefined ? validateQueueFilter(dto.filter, actor.id) : undefined;
    return this.ds.transaction(async (em) => {
      const [before]: QueueRow[] = await em.query(`SELECT ${COLUMNS} FROM queues WHERE id = $1 FOR UPDATE`, [id]);
      if (!before) throw notFound('Queue', id);
      const teamId = dto.teamId !== undefined ? dto.teamId : before.team_id;
      if (teamId !== before.team_id) await this.assertTeam(em, teamId);
      const [rows] = await em.query(
        `UPDATE queues SET name = $2, team_id = $3, filter = $4, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, dto.name ?? before.name, teamId, JSON.stringify(filter ?? before.filter)],
      );
      const after: QueueRow = rows[0];
      if (JSON.stringify(auditView(before)) !== JSON.stringify(auditView(after))) {
        await this.audit.appendSystemEvent(em, {
          actor: auditActor(actor),
          action: 'queue.updated',
          data: { before: auditView(before), after: auditView(after) },
        });
      }
      const counts = await this.counts(em, [after], actor.id);
      return toView(after, counts.get(id) ?? null);
    });
  }

  async remove(id: string, actor: Actor): Promise<QueueDto> {
    assertUuid(id, 'Queue');
    return this.ds.transaction(async (em) => {
      const [row]: QueueRow[] = await em.query(`SELECT ${COLUMNS} FROM queues WHERE id = $1 FOR UPDATE`, [id]);
      if (!row) throw notFound('Queue', id);
      await em.query(`DELETE FROM queues WHERE id = $1`, [id]);
      await this.audit.appendSystemEvent(em, { actor: auditActor(actor), action: 'queue.deleted', data: { before: auditView(row) } });
      return toView(row, null);
    });
  }

  /**
   * Counts of every queue on the page in one round trip: one aggregate per queue (`count(*) FILTER (…)`
   * over the open cases its filter and team select), joined with UNION ALL. `assigneeId: "me"` in a saved
   * filter means the caller. A stored filter that no longer validates yields `counts: null`, never a 500.
   */
  private async counts(em: Pick<EntityManager, 'query'>, queues: QueueRow[], actorId: string): Promise<Map<string, QueueCountsDto>> {
    const result = new Map<string, QueueCountsDto>();
    const params: unknown[] = [];
    const parts: string[] = [];
    for (const q of queues) {
      const mark = params.length;
      let where: string;
      try {
        ({ where } = buildCaseFilterSql(q.filter ?? {}, actorId, params));
      } catch {
        params.length = mark;
        continue;
      }
      const team = q.team_id ? ` AND c.team_id = $${params.push(q.team_id)}` : '';
      parts.push(
        `SELECT $${params.push(q.id)}::uuid AS id,
                count(*)::int AS open,
                (count(*) FILTER (WHERE c.assignee_id IS NULL))::int AS unassigned,
                (count(*) FILTER (WHERE c.sla_state = 'warning'))::int AS warning,
                (count(*) FILTER (WHERE c.sla_state = 'breached'))::int AS breached
           FROM cases c WHERE c.status = 'open'${team} AND (${where})`,
      );
    }
    if (!parts.length) return result;
    const rows: Array<QueueCountsDto & { id: string }> = await em.query(parts.join('\nUNION ALL\n'), params);
    for (const { id, ...c } of rows) result.set(id, c);
    return result;
  }

  private async assertTeam(em: EntityManager, teamId: string | null): Promise<void> {
    if (!teamId) return;
    const [t] = await em.query(`SELECT 1 FROM teams WHERE id = $1 FOR SHARE`, [teamId]);
    if (!t) throw validationFailed({ teamId: { code: 'NOT_FOUND', message: 'must be an existing team' } });
  }
}
