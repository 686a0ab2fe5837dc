import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { generateWebhookSecret } from '@sentinel/domain';
import { checkOutboundUrlAtSave, openBankSecret, sealBankSecret } from '@sentinel/outbound';
import { BanksRepository, type BankRow } from '@sentinel/persistence';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AuditService } from '../audit/audit.service';
import { auditActor, type Actor } from '../auth/actor';
import { assertUuid, parseListQuery } from '../common/list-query';
import { forbidden, notFound, ProblemException, validationFailed } from '../common/problem.exception';
import { filterBoolean, filterString, filterStrings, validIds } from '../users/filter-values';
import { isUniqueViolation } from '../users/validators';
import type { BankDto, CreateBankDto, CreatedBankDto, SecretRotationDto, UpdateBankDto } from './bank.dto';

export const BANK_FILTERS = ['q', 'active', 'code'] as const;
export const BANK_SORTS = ['code', 'name'] as const;

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

/** Banks and their Standard Webhooks secrets (docs/api.md "Banks and notifications"). SQL: BanksRepository. */
@Injectable()
export class BanksService {
  constructor(
    private readonly ds: DataSource,
    private readonly banks: BanksRepository,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly cfg: AppConfig,
  ) {}

  async list(query: Record<string, unknown>) {
    const q = parseListQuery(query, { filters: BANK_FILTERS, sorts: BANK_SORTS, defaultSort: { field: 'code', order: 'ASC' } });
    const { rows, total } = await this.banks.list(this.ds, {
      prefix: q.filter.q !== undefined ? filterString('q', q.filter.q).trim() : undefined,
      active: q.filter.active !== undefined ? filterBoolean('active', q.filter.active) : undefined,
      codes: q.filter.code !== undefined ? filterStrings('code', q.filter.code, 16).map((c) => c.toUpperCase()) : undefined,
      ids: q.ids ? validIds(q.ids) : undefined,
      sort: q.sort,
      page: q.ids ? undefined : { limit: q.limit, offset: q.offset },
    });
    return { rows: rows.map(toView), total, offset: q.ids ? 0 : q.offset };
  }

  async get(id: string): Promise<BankDto> {
    assertUuid(id, 'Bank');
    const row = await this.banks.get(this.ds, id);
    if (!row) throw notFound('Bank', id);
    return toView(row);
  }

  async create(dto: CreateBankDto, actor: Actor): Promise<CreatedBankDto> {
    const generated = dto.secret ? undefined : generateWebhookSecret();
    if (dto.webhookUrl) await this.checkWebhookUrl(dto.webhookUrl);
    try {
      return await this.ds.transaction(async (em) => {
        if (await this.banks.codeTaken(em, dto.code)) throw codeConflict(dto.code);
        // The id is chosen here: the sealed secret is bound to it.
        const id = randomUUID();
        await this.banks.insert(em, {
          id,
          code: dto.code,
          name: dto.name,
          webhookUrl: dto.webhookUrl ?? null,
          active: dto.active ?? true,
          sealedSecret: sealBankSecret(this.cfg.secretBox, id, (dto.secret ?? generated)!),
          secretGraceHours: dto.secretGraceHours ?? 24,
        });
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
      await this.banks.update(em, id, {
        name: dto.name ?? before.name,
        webhookUrl: dto.webhookUrl !== undefined ? dto.webhookUrl : before.webhookUrl,
        active: dto.active ?? before.active,
        secretGraceHours: graceHours,
      });
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
    if (this.openOrNull(id, await this.banks.sealedSecret(em, id)) === secret) return false;
    await this.banks.rotateSecret(em, id, sealBankSecret(this.cfg.secretBox, id, secret), graceHours);
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
    const row = await this.banks.get(em, id, { lock: true });
    if (!row) throw notFound('Bank', id);
    return toView(row);
  }

  private async load(em: EntityManager, id: string): Promise<BankDto> {
    return toView((await this.banks.get(em, id))!);
  }
}
