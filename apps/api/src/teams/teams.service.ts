import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { auditActor, type Actor } from '../auth/actor';
import { assertUuid, parseListQuery } from '../common/list-query';
import { notFound, ProblemException, validationFailed } from '../common/problem.exception';
import { filterBoolean, filterString, filterStrings, validIds } from '../users/filter-values';
import { isUniqueViolation, likePrefix } from '../users/validators';
import type { CreateTeamDto, TeamDto, UpdateTeamDto } from './team.dto';

interface TeamRow {
  id: string;
  name: string;
  bank_codes: string[];
  is_default: boolean;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, name, bank_codes, is_default, created_at, updated_at';
export const TEAM_FILTERS = ['q', 'isDefault', 'bankCode'] as const;
export const TEAM_SORTS = ['name'] as const;
const SORT_COLUMNS = { name: 'name', createdAt: 'created_at', id: 'id' } as const;

function toView(r: TeamRow): TeamDto {
  return {
    id: r.id,
    name: r.name,
    bankCodes: r.bank_codes,
    isDefault: r.is_default,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

const auditView = (t: TeamDto) => ({ id: t.id, name: t.name, bankCodes: t.bankCodes, isDefault: t.isDefault });
const nameConflict = (name: string) => new ProblemException('CONFLICT', `A team named "${name}" already exists`, { field: 'name' });

/**
 * Teams (docs/domain.md "Teams and queues"). Every write takes one advisory lock, so "at most one default team"
 * and "each bank served by one team" hold under concurrent admins without unique-violation 500s.
 */
@Injectable()
export class TeamsService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(query: Record<string, unknown>) {
    const q = parseListQuery(query, { filters: TEAM_FILTERS, sorts: TEAM_SORTS, defaultSort: { field: 'name', order: 'ASC' } });
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    const where: string[] = [];
    if (q.filter.q !== undefined) where.push(`name ILIKE ${p(likePrefix(filterString('q', q.filter.q).trim()))}`);
    if (q.filter.isDefault !== undefined) where.push(`is_default = ${p(filterBoolean('isDefault', q.filter.isDefault))}`);
    if (q.filter.bankCode !== undefined) {
      where.push(`bank_codes && ${p(filterStrings('bankCode', q.filter.bankCode, 16).map((c) => c.toUpperCase()))}::text[]`);
    }
    if (q.ids) where.push(`id = ANY(${p(validIds(q.ids))}::uuid[])`);
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.ds.query(`SELECT count(*)::int AS total FROM teams ${whereSql}`, params);
    const order = `${SORT_COLUMNS[q.sort.field]} ${q.sort.order}, id ${q.sort.order}`;
    const page = q.ids ? '' : ` LIMIT ${p(q.limit)} OFFSET ${p(q.offset)}`;
    const rows: TeamRow[] = await this.ds.query(`SELECT ${COLUMNS} FROM teams ${whereSql} ORDER BY ${order}${page}`, params);
    return { rows: rows.map(toView), total, offset: q.ids ? 0 : q.offset };
  }

  async get(id: string): Promise<TeamDto> {
    assertUuid(id, 'Team');
    const [row] = await this.ds.query(`SELECT ${COLUMNS} FROM teams WHERE id = $1`, [id]);
    if (!row) throw notFound('Team', id);
    return toView(row);
  }

  async create(dto: CreateTeamDto, actor: Actor): Promise<TeamDto> {
    return this.write(async (em) => {
      const bankCodes = unique(dto.bankCodes ?? []);
      await this.assertWritable(em, null, dto.name, bankCodes);
      if (dto.isDefault) await em.query(`UPDATE teams SET is_default = false, updated_at = now() WHERE is_default`);
      const [row] = await em.query(
        `INSERT INTO teams (name, bank_codes, is_default) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
        [dto.name, bankCodes, !!dto.isDefault],
      );
      const view = toView(row);
      await this.audit.appendSystemEvent(em, { actor: auditActor(actor), action: 'team.created', data: { after: auditView(view) } });
      return view;
    }, dto.name);
  }

  async update(id: string, dto: UpdateTeamDto, actor: Actor): Promise<TeamDto> {
    assertUuid(id, 'Team');
    return this.write(async (em) => {
      const [row]: TeamRow[] = await em.query(`SELECT ${COLUMNS} FROM teams WHERE id = $1 FOR UPDATE`, [id]);
      if (!row) throw notFound('Team', id);
      const before = toView(row);
      const next = {
        name: dto.name ?? before.name,
        bankCodes: dto.bankCodes ? unique(dto.bankCodes) : before.bankCodes,
        isDefault: dto.isDefault ?? before.isDefault,
      };
      await this.assertWritable(em, id, next.name, next.bankCodes);
      let previousDefault: string | undefined;
      if (next.isDefault && !before.isDefault) {
        const cleared = await em.query(`UPDATE teams SET is_default = false, updated_at = now() WHERE is_default AND id <> $1 RETURNING id`, [id]);
        previousDefault = (cleared[0] as Array<{ id: string }>)[0]?.id;
      }
      const [updated] = await em.query(
        `UPDATE teams SET name = $2, bank_codes = $3, is_default = $4, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, next.name, next.bankCodes, next.isDefault],
      );
      const after = toView(updated[0]);
      if (JSON.stringify(auditView(before)) !== JSON.stringify(auditView(after))) {
        await this.audit.appendSystemEvent(em, {
          actor: auditActor(actor),
          action: 'team.updated',
          data: { before: auditView(before), after: auditView(after), ...(previousDefault ? { previousDefaultTeamId: previousDefault } : {}) },
        });
      }
      return after;
    }, dto.name);
  }

  /** Only a team nobody uses: no users and no open cases (409 otherwise). Its queues go with it. */
  async remove(id: string, actor: Actor): Promise<TeamDto> {
    assertUuid(id, 'Team');
    return this.write(async (em) => {
      const [row]: TeamRow[] = await em.query(`SELECT ${COLUMNS} FROM teams WHERE id = $1 FOR UPDATE`, [id]);
      if (!row) throw notFound('Team', id);
      const [{ users, cases }] = await em.query(
        `SELECT (SELECT count(*)::int FROM users WHERE team_id = $1) AS users,
                (SELECT count(*)::int FROM cases WHERE team_id = $1 AND status = 'open') AS cases`,
        [id],
      );
      if (users > 0 || cases > 0) {
        throw new ProblemException(
          'CONFLICT',
          `The team still has ${users} user(s) and ${cases} open case(s); move them to another team first`,
          { users, openCases: cases },
        );
      }
      const queues: Array<{ id: string }> = await em.query(`SELECT id FROM queues WHERE team_id = $1 ORDER BY id`, [id]);
      await em.query(`DELETE FROM teams WHERE id = $1`, [id]);
      const view = toView(row);
      await this.audit.appendSystemEvent(em, {
        actor: auditActor(actor),
        action: 'team.deleted',
        data: { before: auditView(view), queuesDeleted: queues.map((q) => q.id) },
      });
      return view;
    });
  }

  private async write<T>(fn: (em: EntityManager) => Promise<T>, name?: string): Promise<T> {
    try {
      return await this.ds.transaction(async (em) => {
        await em.query(`SELECT pg_advisory_xact_lock(hashtext('sentinel:teams'))`);
        return fn(em);
      });
    } catch (e) {
      if (isUniqueViolation(e, 'uq_team_name')) throw nameConflict(name ?? '');
      throw e;
    }
  }

  /** Unique name (409) and each bank served by at most one team (422 on bankCodes). */
  private async assertWritable(em: EntityManager, id: string | null, name: string, bankCodes: string[]): Promise<void> {
    const [sameName] = await em.query(`SELECT id FROM teams WHERE lower(name) = lower($1) AND ($2::uuid IS NULL OR id <> $2)`, [name, id]);
    if (sameName) throw nameConflict(name);
    if (!bankCodes.length) return;
    const taken: Array<{ name: string; code: string }> = await em.query(
      `SELECT t.name, c.code FROM teams t, unnest(t.bank_codes) AS c(code)
        WHERE c.code = ANY($1::text[]) AND ($2::uuid IS NULL OR t.id <> $2) ORDER BY c.code`,
      [bankCodes, id],
    );
    if (taken.length) {
      throw validationFailed({ bankCodes: { code: 'TAKEN', message: `${taken.map((t) => `${t.code} is already served by team "${t.name}"`).join('; ')}` } });
    }
  }
}

function unique(codes: string[]): string[] {
  return [...new Set(codes)];
}
