import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { TeamsRepository, type TeamRow } from '@sentinel/persistence';
import { AuditService } from '../audit/audit.service';
import { auditActor, type Actor } from '../auth/actor';
import { assertUuid, parseListQuery } from '../common/list-query';
import { notFound, ProblemException, validationFailed } from '../common/problem.exception';
import { filterBoolean, filterString, filterStrings, validIds } from '../users/filter-values';
import { isUniqueViolation, likePrefix } from '../users/validators';
import type { CreateTeamDto, TeamDto, UpdateTeamDto } from './team.dto';

export const TEAM_FILTERS = ['q', 'isDefault', 'bankCode'] as const;
export const TEAM_SORTS = ['name'] as const;

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

/** 422 on `isDefault`: there is always exactly one default team (docs/api.md "/api/teams"). */
const LAST_DEFAULT = {
  unset: 'there must always be one default team: make another team the default instead of clearing it here',
  remove: 'the default team cannot be deleted: make another team the default first',
};
const lastDefault = (why: keyof typeof LAST_DEFAULT) =>
  validationFailed({ isDefault: { code: 'NOT_ALLOWED', message: LAST_DEFAULT[why] } }, LAST_DEFAULT[why].charAt(0).toUpperCase() + LAST_DEFAULT[why].slice(1));

/**
 * Teams (docs/domain.md "Teams and queues"). Every write takes one advisory lock, so "exactly one default team" and
 * "each bank served by one team" hold under concurrent admins without unique-violation 500s. SQL: TeamsRepository.
 */
@Injectable()
export class TeamsService {
  constructor(
    private readonly ds: DataSource,
    private readonly teams: TeamsRepository,
    private readonly audit: AuditService,
  ) {}

  async list(query: Record<string, unknown>) {
    const q = parseListQuery(query, { filters: TEAM_FILTERS, sorts: TEAM_SORTS, defaultSort: { field: 'name', order: 'ASC' } });
    const { rows, total } = await this.teams.list(
      this.ds,
      {
        namePrefix: q.filter.q !== undefined ? likePrefix(filterString('q', q.filter.q).trim()) : undefined,
        isDefault: q.filter.isDefault !== undefined ? filterBoolean('isDefault', q.filter.isDefault) : undefined,
        bankCodes: q.filter.bankCode !== undefined ? filterStrings('bankCode', q.filter.bankCode, 16).map((c) => c.toUpperCase()) : undefined,
        ids: q.ids ? validIds(q.ids) : undefined,
      },
      { sort: q.sort, page: q.ids ? undefined : { limit: q.limit, offset: q.offset } },
    );
    return { rows: rows.map(toView), total, offset: q.ids ? 0 : q.offset };
  }

  async get(id: string): Promise<TeamDto> {
    assertUuid(id, 'Team');
    const row = await this.teams.get(this.ds, id);
    if (!row) throw notFound('Team', id);
    return toView(row);
  }

  async create(dto: CreateTeamDto, actor: Actor): Promise<TeamDto> {
    return this.write(async (em) => {
      const bankCodes = unique(dto.bankCodes ?? []);
      await this.assertWritable(em, null, dto.name, bankCodes);
      const isDefault = !!dto.isDefault;
      const previousDefault = isDefault ? await this.teams.clearDefault(em, null) : undefined;
      const view = toView(await this.teams.insert(em, { name: dto.name, bankCodes, isDefault }));
      await this.audit.appendSystemEvent(em, {
        actor: auditActor(actor),
        action: 'team.created',
        data: { after: auditView(view), ...(previousDefault ? { previousDefaultTeamId: previousDefault } : {}) },
      });
      return view;
    }, dto.name);
  }

  async update(id: string, dto: UpdateTeamDto, actor: Actor): Promise<TeamDto> {
    assertUuid(id, 'Team');
    return this.write(async (em) => {
      const row = await this.teams.get(em, id, { lock: true });
      if (!row) throw notFound('Team', id);
      const before = toView(row);
      const next = {
        name: dto.name ?? before.name,
        bankCodes: dto.bankCodes ? unique(dto.bankCodes) : before.bankCodes,
        isDefault: dto.isDefault ?? before.isDefault,
      };
      if (before.isDefault && !next.isDefault) throw lastDefault('unset');
      await this.assertWritable(em, id, next.name, next.bankCodes);
      const previousDefault = next.isDefault && !before.isDefault ? await this.teams.clearDefault(em, id) : undefined;
      const after = toView(await this.teams.update(em, id, next));
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

  /** Only a team nobody uses and that is not the default (422): no users and no open cases (409). Its queues go with it. */
  async remove(id: string, actor: Actor): Promise<TeamDto> {
    assertUuid(id, 'Team');
    return this.write(async (em) => {
      const row = await this.teams.get(em, id, { lock: true });
      if (!row) throw notFound('Team', id);
      if (row.is_default) throw lastDefault('remove');
      const { users, openCases } = await this.teams.usage(em, id);
      if (users > 0 || openCases > 0) {
        throw new ProblemException(
          'CONFLICT',
          `The team still has ${users} user(s) and ${openCases} open case(s); move them to another team first`,
          { users, openCases },
        );
      }
      const queuesDeleted = await this.teams.queueIds(em, id);
      await this.teams.delete(em, id);
      const view = toView(row);
      await this.audit.appendSystemEvent(em, { actor: auditActor(actor), action: 'team.deleted', data: { before: auditView(view), queuesDeleted } });
      return view;
    });
  }

  private async write<T>(fn: (em: EntityManager) => Promise<T>, name?: string): Promise<T> {
    try {
      return await this.ds.transaction(async (em) => {
        await this.teams.lockWrites(em);
        return fn(em);
      });
    } catch (e) {
      if (isUniqueViolation(e, 'uq_team_name')) throw nameConflict(name ?? '');
      throw e;
    }
  }

  /** Unique name (409) and each bank served by at most one team (422 on bankCodes). */
  private async assertWritable(em: EntityManager, id: string | null, name: string, bankCodes: string[]): Promise<void> {
    if (await this.teams.nameTaken(em, name, id)) throw nameConflict(name);
    if (!bankCodes.length) return;
    const taken = await this.teams.banksServedByOthers(em, bankCodes, id);
    if (taken.length) {
      throw validationFailed({ bankCodes: { code: 'TAKEN', message: `${taken.map((t) => `${t.code} is already served by team "${t.name}"`).join('; ')}` } });
    }
  }
}

function unique(codes: string[]): string[] {
  return [...new Set(codes)];
}
