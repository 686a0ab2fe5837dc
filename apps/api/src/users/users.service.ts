import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { CASE_HOLDER_ROLES, ROLES, type Role } from '@sentinel/contracts';
import { ApiKeyAuthRepository, SessionsRepository, UsersRepository, type UserListCriteria, type UserRecord } from '@sentinel/persistence';
import { AuditService } from '../audit/audit.service';
import { auditActor, type Actor } from '../auth/actor';
import { hashPassword } from '../auth/auth.service';
import { maskEmail } from '../auth/tokens';
import { assertUuid, parseListQuery, type ListQuery } from '../common/list-query';
import { notFound, ProblemException, validationFailed } from '../common/problem.exception';
import { unassignOpenCases } from './case-unassignment';
import type { CreateUserDto, UpdateUserDto, UserDto, UserSummaryDto } from './user.dto';
import { filterBoolean, filterEnum, filterString, filterUuidsOrNull, validIds } from './filter-values';
import { isUniqueViolation } from './validators';

export const USER_FILTERS = ['role', 'active', 'teamId', 'q'] as const;
export const USER_SORTS = ['name', 'role', 'createdAt'] as const;
type UserFilter = (typeof USER_FILTERS)[number];
type UserSort = (typeof USER_SORTS)[number];

/** GET /api/users's filter as repository criteria; a filter value of the wrong type is 400 REQUEST.MALFORMED. */
function listCriteria(q: ListQuery<UserFilter, UserSort>, searchEmail: boolean): UserListCriteria {
  const f = q.filter;
  // Checked in this order (the first bad value is the one reported).
  const roles = f.role !== undefined ? filterEnum('role', f.role, ROLES) : undefined;
  const active = f.active !== undefined ? filterBoolean('active', f.active) : undefined;
  const team = f.teamId !== undefined ? filterUuidsOrNull('teamId', f.teamId) : undefined;
  const search = f.q !== undefined ? { prefix: filterString('q', f.q).trim(), searchEmail } : undefined;
  return {
    roles,
    active,
    teamIds: team?.ids,
    includeNoTeam: team?.includeNull,
    search,
    ids: q.ids ? validIds(q.ids) : undefined,
    sort: q.sort,
    page: q.ids ? undefined : { limit: q.limit, offset: q.offset },
  };
}

const emailConflict = (email: string) =>
  new ProblemException('CONFLICT', `A user with the email ${email} already exists`, { field: 'email' });

/** Non-admins (supervisors, auditors) see only who is who; admins see the account. */
export function toUserView(u: UserRecord, full: boolean): UserDto | UserSummaryDto {
  const summary: UserSummaryDto = { id: u.id, name: u.name, role: u.role, teamId: u.team_id, active: u.active };
  if (!full) return summary;
  return {
    ...summary,
    email: u.email,
    locale: u.locale,
    timeZone: u.time_zone,
    createdAt: u.created_at.toISOString(),
    updatedAt: u.updated_at.toISOString(),
  };
}

/** What the audit chain keeps of a user: never the password, the email masked (personal data). */
function auditView(u: UserRecord): Record<string, unknown> {
  return { id: u.id, name: u.name, role: u.role, teamId: u.team_id, active: u.active, email: maskEmail(u.email), locale: u.locale, timeZone: u.time_zone };
}

function diff(before: Record<string, unknown>, after: Record<string, unknown>) {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const k of Object.keys(after)) {
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) {
      b[k] = before[k];
      a[k] = after[k];
    }
  }
  return { before: b, after: a };
}

const mayHoldCases = (role: Role) => CASE_HOLDER_ROLES.includes(role);

@Injectable()
export class UsersService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly apiKeys: ApiKeyAuthRepository,
    private readonly audit: AuditService,
  ) {}

  async list(query: Record<string, unknown>, actor: Actor) {
    const q = parseListQuery(query, { filters: USER_FILTERS, sorts: USER_SORTS, defaultSort: { field: 'name', order: 'ASC' } });
    const full = actor.role === 'admin';
    const { rows, total } = await this.repo.list(this.ds, listCriteria(q, full));
    return { rows: rows.map((u) => toUserView(u, full)), total, offset: q.ids ? 0 : q.offset };
  }

  async get(id: string, actor: Actor) {
    assertUuid(id, 'User');
    const u = await this.repo.findById(this.ds, id);
    if (!u) throw notFound('User', id);
    return toUserView(u, actor.role === 'admin');
  }

  async create(dto: CreateUserDto, actor: Actor) {
    const teamId = dto.teamId ?? null;
    if (teamId && !(await this.repo.teamExists(this.ds, teamId))) throw validationFailed({ teamId: { code: 'NOT_FOUND', message: 'must be an existing team' } });
    // argon2id is deliberately slow: hash before the transaction opens.
    const passwordHash = dto.password ? await hashPassword(dto.password) : null;
    try {
      return await this.ds.transaction(async (em) => {
        if (await this.repo.emailTaken(em, dto.email)) throw emailConflict(dto.email);
        const u = await this.repo.insert(em, {
          email: dto.email,
          name: dto.name,
          role: dto.role,
          teamId,
          passwordHash,
          locale: dto.locale ?? 'en',
          timeZone: dto.timeZone ?? null,
        });
        await this.audit.appendSystemEvent(em, {
          actor: auditActor(actor),
          action: 'user.created',
          data: { after: { ...auditView(u), hasPassword: !!passwordHash } },
        });
        return toUserView(u, true);
      });
    } catch (e) {
      if (isUniqueViolation(e, 'uq_user_email')) throw emailConflict(dto.email);
      throw e;
    }
  }

  /** DELETE /api/users/:id: deactivates (users are never removed: the audit trail names them). */
  deactivate(id: string, actor: Actor) {
    return this.update(id, { active: false }, actor);
  }

  async update(id: string, dto: UpdateUserDto, actor: Actor) {
    assertUuid(id, 'User');
    const passwordHash = dto.password ? await hashPassword(dto.password) : undefined;
    try {
      return await this.ds.transaction((em) => this.updateInTx(em, id, dto, passwordHash, actor));
    } catch (e) {
      if (isUniqueViolation(e, 'uq_user_email')) throw emailConflict(dto.email ?? '');
      throw e;
    }
  }

  private async updateInTx(em: EntityManager, id: string, dto: UpdateUserDto, passwordHash: string | undefined, actor: Actor) {
    // Admin rows first (always in the same order), then the target: race-safe "last admin" without deadlocks.
    const mayReduceAdmins = dto.role !== undefined || dto.active === false;
    const activeAdmins = mayReduceAdmins ? await this.repo.lockActiveAdmins(em) : [];
    const before = await this.repo.findById(em, id, { lock: true });
    if (!before) throw notFound('User', id);

    const next = {
      email: dto.email ?? before.email,
      name: dto.name ?? before.name,
      role: dto.role ?? before.role,
      teamId: dto.teamId !== undefined ? dto.teamId : before.team_id,
      active: dto.active ?? before.active,
      locale: dto.locale ?? before.locale,
      timeZone: dto.timeZone !== undefined ? dto.timeZone : before.time_zone,
    };
    const roleChanged = next.role !== before.role;
    const deactivated = before.active && !next.active;

    if (roleChanged && before.id === actor.id) {
      throw new ProblemException('USER.OWN_ROLE', 'You cannot change your own role; ask another admin', { role: before.role });
    }
    const wasActiveAdmin = before.role === 'admin' && before.active;
    const staysActiveAdmin = next.role === 'admin' && next.active;
    if (wasActiveAdmin && !staysActiveAdmin && !activeAdmins.some((a) => a !== before.id)) {
      throw new ProblemException(
        'USER.LAST_ADMIN',
        deactivated ? 'The last active admin cannot be deactivated' : 'The last active admin cannot lose the admin role',
      );
    }
    if (next.teamId && next.teamId !== before.team_id && !(await this.repo.teamExists(em, next.teamId))) {
      throw validationFailed({ teamId: { code: 'NOT_FOUND', message: 'must be an existing team' } });
    }
    if (next.email.toLowerCase() !== before.email.toLowerCase() && (await this.repo.emailTaken(em, next.email, id))) {
      throw emailConflict(next.email);
    }

    const after = await this.repo.update(em, id, { ...next, passwordHash });

    // Consequences, in the same transaction as the change.
    const effects: Record<string, unknown> = {};
    if (deactivated) {
      effects.sessionsRevoked = await this.sessions.revokeOfUser(em, id);
    } else if (passwordHash) {
      // A password reset logs the user out everywhere (an admin resetting their own keeps this session).
      effects.sessionsRevoked = await this.sessions.revokeOfUser(em, id, id === actor.id ? actor.sessionId : undefined);
    }
    if (deactivated || roleChanged) {
      // Keys were issued for what the user was; a key must never carry a new role.
      effects.apiKeysRevoked = await this.apiKeys.revokeOfUser(em, id);
    }
    if (deactivated || (roleChanged && !mayHoldCases(next.role))) {
      const reason = deactivated ? 'user deactivated' : 'user role changed';
      effects.casesUnassigned = await unassignOpenCases(em, { userId: id, actor: auditActor(actor), reason });
    }

    const changes = diff(auditView(before), auditView(after));
    if (passwordHash) changes.after.passwordChanged = true;
    if (Object.keys(changes.after).length) {
      await this.audit.appendSystemEvent(em, {
        actor: auditActor(actor),
        action: deactivated ? 'user.deactivated' : 'user.updated',
        data: { userId: id, ...changes, ...effects },
      });
    }
    return toUserView(after, true);
  }
}
