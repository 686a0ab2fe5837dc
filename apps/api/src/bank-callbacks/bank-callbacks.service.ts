import { Injectable, Logger } from '@nestjs/common';
import type { BankCallbackResult } from '@sentinel/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { DEFAULT_PAN_EXEMPT_KEYS, findPanPaths, isValidWebhookSecret, nextStage, verifyWebhook } from '@sentinel/domain';
import { bankActor, endClock, insertNotification, raiseAlert, refreshCaseSla, startClock } from '@sentinel/persistence';
import { AuditService } from '../audit/audit.service';
import { ProblemException } from '../common/problem.exception';
import { WakeupPublisher, type Wakeups } from '../jobs/wakeup.publisher';
import { validateCallbackBody, type BankCallbackDto } from './bank-callback.dto';
import { decideCallback, effectiveAt } from './callback-rules';

/** The answer to a callback (libs/contracts). */
export type CallbackResult = BankCallbackResult;

/** Replayed ids are refused while kept: at least 10 minutes (docs/api.md); rows older than a day are pruned. */
const RECEIPT_RETENTION = '1 day';
const PRUNE_EVERY_MS = 10 * 60_000;
const PAN_EXEMPT = [...DEFAULT_PAN_EXEMPT_KEYS, 'notificationId', 'caseReference', 'bankReference', 'at'];

const badSignature = (detail = 'The webhook signature does not verify for this bank', params?: Record<string, unknown>) =>
  new ProblemException('CALLBACK.BAD_SIGNATURE', detail, params);

/**
 * Signed bank callbacks (docs/api.md "Banks and notifications"): signature, timestamp and replay checks, then the
 * effect in ONE transaction with the case row locked, acting as `bank:<code>`; wake-ups after commit.
 */
@Injectable()
export class BankCallbacksService {
  private readonly logger = new Logger(BankCallbacksService.name);
  private lastPrune = 0;

  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly wakeups: WakeupPublisher,
  ) {}

  async handle(bankCodeParam: string, headers: Record<string, string | string[] | undefined>, rawBody: Buffer | undefined, body: unknown, correlationId?: string): Promise<CallbackResult> {
    const code = bankCodeParam.toUpperCase();
    const webhookId = await this.verify(code, headers, rawBody);
    const dto = await validateCallbackBody(body);
    const pan = findPanPaths(dto, PAN_EXEMPT);
    if (pan.length) {
      throw new ProblemException('PAN.DETECTED', `A full card number was found in ${pan.join(', ')}; never send card numbers`, { fields: pan });
    }
    const wakeups: Wakeups = { clocks: [], notificationIds: [] };
    const result = await this.ds.transaction((em) => this.apply(em, code, webhookId, dto, wakeups));
    await this.wakeups.publish(wakeups, correlationId);
    this.pruneReceipts();
    return result;
  }

  /** 401 for an unknown or inactive bank, missing/bad headers, a stale timestamp or a bad signature. */
  private async verify(code: string, headers: Record<string, string | string[] | undefined>, rawBody: Buffer | undefined): Promise<string> {
    if (!/^[A-Z0-9_]{2,16}$/.test(code)) throw badSignature();
    const [bank] = await this.ds.query(
      `SELECT code, active, secret, previous_secret, previous_secret_expires_at > now() AS previous_valid FROM banks WHERE code = $1`,
      [code],
    );
    if (!bank || !bank.active) throw badSignature();
    const secrets = [bank.secret, ...(bank.previous_secret && bank.previous_valid ? [bank.previous_secret] : [])].filter((s) => {
      const ok = isValidWebhookSecret(s);
      if (!ok) this.logger.error({ bankCode: code }, 'bank secret is not a valid whsec_ secret; callbacks cannot verify');
      return ok;
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

  private async apply(em: EntityManager, code: string, webhookId: string, dto: BankCallbackDto, wakeups: Wakeups): Promise<CallbackResult> {
    const now = new Date();
    const receipt = await em.query(
      `INSERT INTO callback_receipts (bank_code, webhook_id, received_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING webhook_id`,
      [code, webhookId, now],
    );
    if (!receipt.length) {
      throw new ProblemException('CALLBACK.REPLAY', `webhook-id ${webhookId} was already received from ${code}`, { webhookId });
    }
    const unknown = (why: string) =>
      new ProblemException('CALLBACK.UNKNOWN_NOTIFICATION', `Notification ${dto.notificationId} ${why}`, { notificationId: dto.notificationId, caseReference: dto.caseReference });
    const [n] = await em.query(
      `SELECT n.id, n.case_id, n.bank_code, n.type, c.reference FROM notifications n JOIN cases c ON c.id = n.case_id WHERE n.id = $1`,
      [dto.notificationId],
    );
    // One answer for "no such notification", "another bank's" and "another case's": nothing leaks.
    if (!n || n.bank_code !== code || n.reference !== dto.caseReference) throw unknown(`is not a notification of ${code} for case ${dto.caseReference}`);

    // Lock order as in case actions: the case row, then its notification.
    const [c] = await em.query(`SELECT id, stage, status, outcome FROM cases WHERE id = $1 FOR UPDATE`, [n.case_id]);
    const [{ status }] = await em.query(`SELECT status FROM notifications WHERE id = $1 FOR UPDATE`, [n.id]);
    const [f] = await em.query(
      `SELECT notification_id, last_answer, unfreeze_notification_id, unfrozen_at FROM case_freezes WHERE case_id = $1`,
      [c.id],
    );
    const decision = decideCallback({
      type: dto.type,
      notification: { id: n.id, type: n.type, status },
      caseStatus: c.status,
      outcome: c.outcome,
      stage: c.stage,
      freeze: {
        notificationId: f?.notification_id ?? null,
        lastAnswer: f?.last_answer ?? null,
        unfreezeNotificationId: f?.unfreeze_notification_id ?? null,
        unfrozenAt: f?.unfrozen_at ?? null,
      },
    });
    if (decision.kind === 'wrong_notification_type') throw unknown(`is a ${n.type} notification; ${dto.type} answers a ${decision.expected}`);

    const actor = bankActor(code);
    const caseId: string = c.id;
    // The bank evidently got the notification: a still pending/delivering row is delivered.
    const delivered = await this.markDelivered(em, n.id, now);
    if (delivered) {
      await this.audit.appendCaseEvent(em, caseId, { actor, action: 'notification.delivered', data: { notificationId: n.id, via: 'callback', webhookId }, at: now });
    }
    const at = effectiveAt(dto.at, now);

    if (decision.kind === 'not_applied') {
      let unfreezeId: string | null = null;
      if (decision.queueUnfreeze) {
        const u = await insertNotification(em, { caseId, type: 'unfreeze.requested', now, reason: 'the bank confirmed a freeze after the case was closed' });
        if (u) {
          unfreezeId = u.id;
          wakeups.notificationIds!.push({ id: u.id });
          await em.query(
            `UPDATE case_freezes SET confirmed_at = coalesce(confirmed_at, $2), bank_reference = coalesce(bank_reference, $3), confirmed_via = coalesce(confirmed_via, 'callback'),
                    last_answer = 'confirmed', unfreeze_sent_on_close = true, updated_at = $4 WHERE case_id = $1`,
            [caseId, at, dto.bankReference ?? null, now],
          );
        }
      }
      if (delivered || unfreezeId) await em.query(`UPDATE cases SET version = version + 1, updated_at = $2 WHERE id = $1`, [caseId, now]);
      await this.audit.appendCaseEvent(em, caseId, {
        actor,
        action: 'bank.callback_not_applied',
        data: {
          type: dto.type,
          notificationId: n.id,
          webhookId,
          reason: decision.reason,
          at: at.toISOString(),
          ...(dto.bankReference ? { bankReference: dto.bankReference } : {}),
          ...(dto.reason ? { bankReason: dto.reason } : {}),
          ...(unfreezeId ? { notificationIds: [unfreezeId] } : {}),
        },
        at: now,
      });
      if (decision.alert) await this.alertRejection(em, caseId, c.stage, n.id);
      return { applied: false, reason: decision.reason };
    }

    const data: Record<string, unknown> = { notificationId: n.id, webhookId };
    switch (decision.event) {
      case 'bank.freeze_confirmed': {
        const next = nextStage('freeze')!;
        await em.query(
          `UPDATE case_freezes SET confirmed_at = $2, bank_reference = coalesce($3, bank_reference), confirmed_via = 'callback',
                  last_answer = 'confirmed', updated_at = $4 WHERE case_id = $1`,
          [caseId, at, dto.bankReference ?? null, now],
        );
        await endClock(em, caseId, 'freeze', 'met', now);
        wakeups.clocks!.push(await startClock(em, caseId, next, now));
        await em.query(`UPDATE cases SET stage = $2, version = version + 1, updated_at = $3 WHERE id = $1`, [caseId, next, now]);
        await refreshCaseSla(em, caseId);
        Object.assign(data, {
          before: { stage: 'freeze' },
          after: { stage: next },
          confirmedAt: at.toISOString(),
          confirmedVia: 'callback',
          ...(dto.bankReference ? { bankReference: dto.bankReference } : {}),
        });
        break;
      }
      case 'bank.freeze_rejected':
        await em.query(
          `UPDATE case_freezes SET rejected_at = $2, rejection_reason = $3, last_answer = 'rejected', updated_at = $4 WHERE case_id = $1`,
          [caseId, at, dto.reason ?? null, now],
        );
        await em.query(`UPDATE cases SET version = version + 1, updated_at = $2 WHERE id = $1`, [caseId, now]);
        Object.assign(data, { rejectedAt: at.toISOString(), ...(dto.reason ? { reason: dto.reason } : {}) });
        break;
      case 'bank.unfreeze_confirmed':
        await em.query(`UPDATE case_freezes SET unfrozen_at = $2, updated_at = $3 WHERE case_id = $1`, [caseId, at, now]);
        await em.query(`UPDATE cases SET version = version + 1, updated_at = $2 WHERE id = $1`, [caseId, now]);
        Object.assign(data, { unfrozenAt: at.toISOString(), ...(dto.bankReference ? { bankReference: dto.bankReference } : {}) });
        break;
    }
    await this.audit.appendCaseEvent(em, caseId, { actor, action: decision.event, data, at: now });
    if (decision.alert) await this.alertRejection(em, caseId, c.stage, n.id);
    return { applied: true };
  }

  /** One freeze.rejected alert per (supervisor, notification), however often the bank says so. */
  private async alertRejection(em: EntityManager, caseId: string, stage: string, notificationId: string): Promise<void> {
    await raiseAlert(em, { type: 'freeze.rejected', caseId, dedupeKey: `notification:${notificationId}`, stage, notificationId });
  }

  private async markDelivered(em: EntityManager, id: string, now: Date): Promise<boolean> {
    const [, count] = await em.query(
      `UPDATE notifications SET status = 'delivered', delivered_at = $2, next_attempt_at = NULL, updated_at = $2
        WHERE id = $1 AND status IN ('pending','delivering')`,
      [id, now],
    );
    return count > 0;
  }

  /** Opportunistic, at most every 10 minutes per process, never in the request's way. */
  private pruneReceipts(): void {
    if (Date.now() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = Date.now();
    this.ds
      .query(`DELETE FROM callback_receipts WHERE received_at < now() - interval '${RECEIPT_RETENTION}'`)
      .catch((e: Error) => this.logger.warn(`pruning callback receipts failed: ${e.message}`));
  }
}
