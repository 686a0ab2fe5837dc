import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { generateWebhookSecret } from '@sentinel/domain';
import { checkOutboundUrlAtSave, openBankSecret, sealBankSecret } from '@sentinel/outbound';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AuditService } from '../audit/audit.service';
import { auditActor, type Actor } from '../auth/actor';
import { assertUuid, parseListQuery } from '../common/list-query';
import { forbidden, notFound, ProblemException, validationFailed } from '../common/problem.exception';
import { filterBoolean, filterString, filterStrings, validIds } from '../users/filter-values';
import { isUniqueViolation, likePrefix } from '../users/validators';
import type { BankDto, CreateBankDto, CreatedBankDto, SecretRotationDto, UpdateBankDto } from './bank.dto';

interface BankRow {
  id: string;
  code: string;
  name: string;
  webhook_url: string | null;
  active: boolean;
  secret_grace_hours: number;
  has_previous_secret: boolean;
  previous_secret_expires_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** Never the secrets themselves: they leave the server only once, when set or generated. */
const COLUMNS = `id, code, name, webhook_url, active, secret_grace_hours,
  (previous_secret IS NOT NULL AND previous_secret_expires_at > now()) AS has_previous_secret,
  CASE WHEN previous_secret IS NOT NULL AND previous_secret_expires_at > now() THEN previous_secret_expires_at END AS previous_secret_expires_at,
  created_at, updated_at`;
export const BANK_FILTERS = ['q', 'active', 'code'] as const;
export const BANK_SORTS = ['code', 'name'] as const;
const SORT_COLUMNS = { code: 'code', name: 'name', createdAt: 'created_at', id: 'id' } as const;

function toView(r: BankRow): BankDto {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    webhookUrl: r.webhook_url,
    active: r.active,
    secretGraceHours: r.secret_grace_hours,
    hasPreviousSecret: r.has_previous_secret,
    previousSecretExpiresAt: r.previous_secret_expires_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

const auditView = (b: BankDto) => ({ id: b.id, code: b.code, name: b.name, webhookUrl: b.webhookUrl, active: b.active, secretGraceHours: b.secretGraceHours });
const codeConflict = (code: string) => new ProblemException('CONFLICT', `A bank with the code ${code} already exists`, { field: 'code' });

/** Banks and their Standard Webhooks secrets (docs/api.md "Banks and notifications"). */
@Injectable()
export class BanksService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly cfg: AppConfig,
  ) {}

  async list(query: Record<string, unknown>) {
    const q = parseListQuery(query, { filters: BANK_FILTERS, sorts: BANK_SORTS, defaultSort: { field: 'code', order: 'ASC' } });
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    const where: string[] = [];
    if (q.filter.q !== undefined) {
      const like = p(likePrefix(filterString('q', q.filter.q).trim()));
      where.push(`(code ILIKE ${like} OR name ILIKE ${like})`);
    }
    if (q.filter.active !== undefined) where.push(`active = ${p(filterBoolean('active', q.filter.active))}`);
    if (q.filter.code !== undefined) where.push(`code = ANY(${p(filterStrings('code', q.filter.code, 16).map((c) => c.toUpperCase()))}::text[])`);
    if (q.ids) where.push(`id = ANY(${p(validIds(q.ids))}::uuid[])`);
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.ds.query(`SELECT count(*)::int AS total FROM banks ${whereSql}`, params);
    const order = `${SORT_COLUMNS[q.sort.field]} ${q.sort.order}, id ${q.sort.order}`;
    const page = q.ids ? '' : ` LIMIT ${p(q.limit)} OFFSET ${p(q.offset)}`;
    const rows: BankRow[] = await this.ds.query(`SELECT ${COLUMNS} FROM banks ${whereSql} ORDER BY ${order}${page}`, params);
    return { rows: rows.map(toView), total, offset: q.ids ? 0 : q.offset };
  }

  async get(id: string): Promise<BankDto> {
    assertUuid(id, 'Bank');
    const [row] = await this.ds.query(`SELECT ${COLUMNS} FROM banks WHERE id = $1`, [id]);
    if (!row) throw notFound('Bank', id);
    return toView(row);
  }

  async create(dto: CreateBankDto, actor: Actor): Promise<CreatedBankDto> {
    const generated = dto.secret ? undefined : generateWebhookSecret();
    if (dto.webhookUrl) await this.checkWebhookUrl(dto.webhookUrl);
    try {
      return await this.ds.transaction(async (em) => {
        const [taken] = await em.query(`SELECT 1 FROM banks WHERE code = $1`, [dto.code]);
        if (taken) throw codeConflict(dto.code);
        // The id is chosen here: the sealed secret is bound to it.
        const id = randomUUID();
        await em.query(`INSERT INTO banks (id, code, name, webhook_url, active, secret, secret_grace_hours) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
          id,
          dto.code,
          dto.name,
          dto.webhookUrl ?? null,
          dto.active ?? true,
          sealBankSecret(this.cfg.secretBox, id, (dto.secret ?? generated)!),
          dto.secretGraceHours ?? 24,
        ]);
        const view = await this.load(em, id);
        await this.audit.appendSystemEvent(em, {
          actor: auditActor(actor),
          action: 'bank.created',
          data: { after: auditView(view), secretGenerated: !!generated },
        });
        return generated ? { ...view, secret: generated } : view;
      });
    } catch (e) {
      if (isUniqueViolation(e, 'uq_bank_code')) throw codeConflict(dto.code);
      throw e;
    }
  }

  async update(id: string, dto: UpdateBankDto, actor: Actor): Promise<BankDto> {
    assertUuid(id, 'Bank');
    return this.ds.transaction(async (em) => {
      const before = await this.lock(em, id);
      // The code is how cases, notifications and callbacks name the bank: fixed once created.
      if (dto.code !== undefined && dto.code !== before.code) throw forbidden('A bank code cannot be changed once created');
      if (dto.webhookUrl && dto.webhookUrl !== before.webhookUrl) await this.checkWebhookUrl(dto.webhookUrl);
      const graceHours = dto.secretGraceHours ?? before.secretGraceHours;
      await em.query(`UPDATE banks SET name = $2, webhook_url = $3, active = $4, secret_grace_hours = $5, updated_at = now() WHERE id = $1`, [
        id,
        dto.name ?? before.name,
        dto.webhookUrl !== undefined ? dto.webhookUrl : before.webhookUrl,
        dto.active ?? before.active,
        graceHours,
      ]);
      const secretRotated = dto.secret ? await this.rotate(em, id, dto.secret, graceHours) : false;
      const after = await this.load(em, id);
      if (secretRotated || JSON.stringify(auditView(before)) !== JSON.stringify(auditView(after))) {
        await this.audit.appendSystemEvent(em, {
          actor: auditActor(actor),
          action: 'bank.updated',
          data: {
            before: auditView(before),
            after: auditView(after),
            ...(secretRotated ? { secretRotated: true, previousSecretExpiresAt: after.previousSecretExpiresAt } : {}),
          },
        });
      }
      return after;
    });
  }

  /**
   * A new generated secret becomes current; the previous one is accepted for secretGraceHours — or, in an
   * emergency (the secret leaked), no older secret is accepted from this moment, whatever the grace.
   */
  async rotateSecret(id: string, actor: Actor, emergency = false): Promise<SecretRotationDto> {
    assertUuid(id, 'Bank');
    return this.ds.transaction(async (em) => {
      const before = await this.lock(em, id);
      const secret = generateWebhookSecret();
      await this.rotate(em, id, secret, emergency ? 0 : before.secretGraceHours);
      const after = await this.load(em, id);
      await this.audit.appendSystemEvent(em, {
        actor: auditActor(actor),
        action: 'bank.secret_rotated',
        data: {
          bankId: id,
          code: before.code,
          secretRotated: true,
          previousSecretExpiresAt: after.previousSecretExpiresAt,
          ...(emergency ? { emergency: true, previousSecretsEnded: true } : {}),
        },
      });
      return { secret, previousSecretExpiresAt: after.previousSecretExpiresAt };
    });
  }

  /** DELETE deactivates (banks are named by past cases and notifications, so never removed). */
  deactivate(id: string, actor: Actor): Promise<BankDto> {
    return this.update(id, { active: false }, actor);
  }

  /**
   * Current → previous (kept `graceHours`; 0 = not at all, and an older previous secret ends too); returns false
   * when `secret` already is current. Both columns hold sealed values bound to the bank, so SQL moves them as they
   * are. A current secret that no longer opens (sealed under another key) is simply replaced.
   */
  private async rotate(em: EntityManager, id: string, secret: string, graceHours: number): Promise<boolean> {
    const [row] = (await em.query(`SELECT secret FROM banks WHERE id = $1`, [id])) as Array<{ secret: string }>;
    if (this.openOrNull(id, row.secret) === secret) return false;
    await em.query(
      `UPDATE banks SET previous_secret = CASE WHEN $3 > 0 THEN secret END,
              previous_secret_expires_at = CASE WHEN $3 > 0 THEN now() + make_interval(hours => $3) END,
              secret = $2, updated_at = now()
        WHERE id = $1`,
      [id, sealBankSecret(this.cfg.secretBox, id, secret), graceHours],
    );
    return true;
  }

  private openOrNull(id: string, sealed: string): string | null {
    try {
      return openBankSecret(this.cfg.secretBox, id, sealed);
    } catch {
      return null;
    }
  }

  /** The webhook address rule (docs/api.md "Banks and notifications") when a URL is saved: 422 on `webhookUrl`. */
  private async checkWebhookUrl(url: string): Promise<void> {
    const verdict = await checkOutboundUrlAtSave(url, this.cfg.outboundPolicy, { resolver: this.cfg.outboundResolver });
    if (!verdict.ok) throw validationFailed({ webhookUrl: { code: 'NOT_ALLOWED', message: verdict.reason } });
  }

  private async lock(em: EntityManager, id: string): Promise<BankDto> {
    const [row] = await em.query(`SELECT ${COLUMNS} FROM banks WHERE id = $1 FOR UPDATE`, [id]);
    if (!row) throw notFound('Bank', id);
    return toView(row);
  }

  private async load(em: EntityManager, id: string): Promise<BankDto> {
    const [row] = await em.query(`SELECT ${COLUMNS} FROM banks WHERE id = $1`, [id]);
    return toView(row);
  }
}
