import { Inject, Injectable, Logger } from '@nestjs/common';
import type { BankCallbackResult } from '@sentinel/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { CALLBACK_CHANGE, DEFAULT_PAN_EXEMPT_KEYS, findPanPaths, isValidWebhookSecret, verifyWebhook } from '@sentinel/domain';
import { BankCallbacksRepository, CaseWriter } from '@sentinel/persistence';
import { openBankSecret } from '@sentinel/outbound';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ProblemException } from '../common/problem.exception';
import { WakeupPublisher } from '../jobs/wakeup.publisher';
import { validateCallbackBody, type BankCallbackDto } from './bank-callback.dto';

/** The answer to a callback (libs/contracts). */
export type CallbackResult = BankCallbackResult;

/** Replayed ids are refused while kept: at least 10 minutes (docs/api.md); rows older than a day are pruned. */
const RECEIPT_RETENTION_MS = 24 * 3_600_000;
const PRUNE_EVERY_MS = 10 * 60_000;
const PAN_EXEMPT = [...DEFAULT_PAN_EXEMPT_KEYS, 'notificationId', 'caseReference', 'bankReference', 'at'];

const badSignature = (detail = 'The webhook signature does not verify for this bank', params?: Record<string, unknown>) =>
  new ProblemException('CALLBACK.BAD_SIGNATURE', detail, params);

/**
 * Signed bank callbacks (docs/api.md "Banks and notifications"): signature, timestamp and replay checks, then the
 * effect through the write path in ONE transaction (the case row locked, then its notification), acting as
 * `bank:<code>`; wake-ups after commit. What a callback does is decided by libs/domain (`planBankCallback`).
 */
@Injectable()
export class BankCallbacksService {
  private readonly logger = new Logger(BankCallbacksService.name);
  private lastPrune = 0;

  constructor(
    private readonly ds: DataSource,
    private readonly callbacks: BankCallbacksRepository,
    private readonly writer: CaseWriter,
    private readonly wakeups: WakeupPublisher,
    @Inject(APP_CONFIG) private readonly cfg: AppConfig,
  ) {}

  async handle(bankCodeParam: string, headers: Record<string, string | string[] | undefined>, rawBody: Buffer | undefined, body: unknown, correlationId?: string): Promise<CallbackResult> {
    const code = bankCodeParam.toUpperCase();
    const webhookId = await this.verify(code, headers, rawBody);
    const dto = await validateCallbackBody(body);
    const pan = findPanPaths(dto, PAN_EXEMPT);
    if (pan.length) {
      throw new ProblemException('PAN.DETECTED', `A full card number was found in ${pan.join(', ')}; never send card numbers`, { fields: pan });
    }
    const { result, wakeups } = await this.ds.transaction((em) => this.apply(em, code, webhookId, dto));
    await this.wakeups.publish(wakeups, correlationId);
    this.pruneReceipts();
    return result;
  }

  /** 401 for an unknown or inactive bank, missing/bad headers, a stale timestamp or a bad signature. */
  private async verify(code: string, headers: Record<string, string | string[] | undefined>, rawBody: Buffer | undefined): Promise<string> {
    if (!/^[A-Z0-9_]{2,16}$/.test(code)) throw badSignature();
    const bank = await this.callbacks.bank(this.ds, code);
    if (!bank || !bank.active) throw badSignature();
    const sealed = [bank.secret, ...(bank.previous_secret && bank.previous_valid ? [bank.previous_secret] : [])];
    const secrets = sealed.flatMap((v) => {
      let s: string;
      try {
        s = openBankSecret(this.cfg.secretBox, bank.id, v);
      } catch {
        this.logger.error({ bankCode: code }, 'bank secret does not open with SECRETS_KEY; callbacks cannot verify');
        return [];
      }
      if (isValidWebhookSecret(s)) return [s];
      this.logger.error({ bankCode: code }, 'bank secret is not a valid whsec_ secret; callbacks cannot verify');
      return [];
    });
    if (!secrets.length) throw badSignature();
    const r = verifyWebhook({ headers, body: rawBody ? rawBody.toString('utf8') : '', secrets, nowSeconds: Math.floor(Date.now() / 1000) });
    if (r.ok) return r.id;
    switch (r.reason) {
      case 'missing_headers':
        throw badSignature('Send webhook-id, webhook-timestamp and webhook-signature (Standard Webhooks)', { reason: r.reason });
      case 'bad_timestamp':
      case 'stale_timestamp':
        throw badSignature('webhook-timestamp must be unix seconds within 5 minutes of our clock', { reason: r.reason });
      default:
        throw badSignature();
    }
  }

  private async apply(em: EntityManager, code: string, webhookId: string, dto: BankCallbackDto) {
    const now = new Date();
    if (!(await this.callbacks.recordReceipt(em, code, webhookId, now))) {
      throw new ProblemException('CALLBACK.REPLAY', `webhook-id ${webhookId} was already received from ${code}`, { webhookId });
    }
    const change = {
      kind: CALLBACK_CHANGE[dto.type],
      bankCode: code,
      notificationId: dto.notificationId,
      caseReference: dto.caseReference,
      webhookId,
      at: new Date(dto.at),
      bankReference: dto.bankReference ?? null,
      reason: dto.reason ?? null,
    };
    // One answer for "no such notification", "another bank's" and "another case's": nothing leaks.
    const done = await this.writer.change(em, { notificationId: dto.notificationId }, change, now);
    if (!done) {
      throw new ProblemException('CALLBACK.UNKNOWN_NOTIFICATION', `Notification ${dto.notificationId} is not a notification of ${code} for case ${dto.caseReference}`, {
        notificationId: dto.notificationId,
        caseReference: dto.caseReference,
      });
    }
    const r = done.plan.result;
    const result: CallbackResult = r?.kind === 'callback' ? { applied: r.applied, ...(r.reason ? { reason: r.reason } : {}) } : { applied: true };
    return { result, wakeups: done.applied.wakeups };
  }

  /** Opportunistic, at most every 10 minutes per process, never in the request's way. */
  private pruneReceipts(): void {
    if (Date.now() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = Date.now();
    this.callbacks
      .pruneReceipts(this.ds, new Date(Date.now() - RECEIPT_RETENTION_MS))
      .catch((e: Error) => this.logger.warn(`pruning callback receipts failed: ${e.message}`));
  }
}
