/**
 * `POST /webhooks/:bankCode`: the bank's side of our notifications.
 *
 * Order: unknown bank → 404; then the bank's faults (timeout holds the socket, failNext /
 * alwaysFail answer `failStatus`), a bank "outage" coming before any processing; then the
 * signature (401), the body (400), the `webhook-id` dedupe (200 `{ duplicate: true }`), and
 * finally acceptance, which may schedule a callback. Every delivery is recorded. `slowMs`
 * delays whatever answer was decided; a client that gives up meanwhile does not undo
 * processing (the redelivery is then a duplicate), just as with a real slow bank.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallbackType, NotificationType } from '@sentinel/contracts';
import { MAX_BODY_BYTES } from './config';
import type { SandboxContext } from './context';
import { BodyTooLargeError, flattenHeaders, readBody, sendJson, tryParseJson } from './http-util';
import type { BankState, DeliveryOutcome, DeliveryRecord } from './sandbox-state';
import { verifyDelivery } from './signing';

interface Decision {
  outcome: DeliveryOutcome;
  status: number;
  body: unknown;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The callback a notification type calls for (none for `case.closed` or unknown types). */
function callbackFor(type: string, bank: BankState): { type: CallbackType; reason?: string } | null {
  if (bank.faults.noCallback) return null;
  switch (type as NotificationType) {
    case 'freeze.requested':
      return bank.faults.rejectFreeze
        ? { type: 'freeze.rejected', reason: bank.faults.rejectFreeze.reason }
        : { type: 'freeze.confirmed' };
    case 'unfreeze.requested':
      return { type: 'unfreeze.confirmed' };
    default:
      return null;
  }
}

export async function handleWebhook(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
  bankCode: string,
  logFields: Record<string, unknown>,
): Promise<void> {
  const receivedAt = new Date();
  const headers = flattenHeaders(req.headers);
  const webhookId = headers['webhook-id'] ?? null;
  logFields.bankCode = bankCode;
  logFields.webhookId = webhookId;

  let raw: string | null = null;
  try {
    raw = await readBody(req, MAX_BODY_BYTES);
  } catch (e) {
    if (!(e instanceof BodyTooLargeError)) throw e;
  }
  const parsed = raw === null ? undefined : tryParseJson(raw);
  const payload = isObject(parsed) ? parsed : undefined;
  const type = typeof payload?.type === 'string' ? payload.type : null;
  logFields.type = type;

  const bank = ctx.state.getBank(bankCode);
  const record = ctx.state.newDelivery({
    bankCode,
    webhookId,
    type,
    headers,
    body: parsed ?? raw,
    verified: false,
    verifiedWith: null,
    verifyError: null,
    outcome: 'unknown_bank',
    fault: null,
    receivedAt: receivedAt.toISOString(),
    respondedStatus: null,
    respondedAt: null,
    clientAbortedAt: null,
    callbackId: null,
  });
  res.on('close', () => {
    if (!res.writableFinished) record.clientAbortedAt ??= new Date().toISOString();
  });
  let decision: Decision | null;
  if (!bank) {
    decision = { outcome: 'unknown_bank', status: 404, body: { error: 'unknown_bank', message: `no simulated bank with code ${bankCode}` } };
  } else {
    bank.stats.received += 1;
    if (raw !== null) {
      const v = verifyDelivery({ current: bank.secret, previous: bank.previousSecret }, raw, headers);
      record.verified = v.verified;
      record.verifiedWith = v.verifiedWith;
      record.verifyError = v.error;
    }
    record.fault = ctx.state.takeFault(bank);
    decision = decide(ctx, bank, record, raw, payload, type);
  }

  record.outcome = decision?.outcome ?? 'injected_timeout';
  logFields.outcome = record.outcome;
  if (decision === null) {
    // Timeout fault: never answer; the socket is held until the client gives up (or reset/close).
    ctx.hold(res);
    return;
  }

  const slowMs = bank?.faults.slowMs ?? 0;
  if (slowMs > 0) {
    ctx.hold(res);
    await ctx.sleep(slowMs);
  }
  if (res.destroyed) return; // the client gave up; respondedStatus stays null
  sendJson(res, decision.status, decision.body);
  record.respondedStatus = decision.status;
  record.respondedAt = new Date().toISOString();
}

/** Returns the answer for a known bank, or null for "hold the socket" (timeout fault). */
function decide(
  ctx: SandboxContext,
  bank: BankState,
  record: DeliveryRecord,
  raw: string | null,
  payload: Record<string, unknown> | undefined,
  type: string | null,
): Decision | null {
  const stats = bank.stats;
  if (record.fault === 'timeout') {
    stats.failedByInjection += 1;
    return null;
  }
  if (record.fault) {
    stats.failedByInjection += 1;
    return {
      outcome: 'injected_failure',
      status: bank.faults.failStatus,
      body: { error: 'injected_failure', fault: record.fault, message: 'simulated bank failure' },
    };
  }
  if (raw === null) {
    stats.badRequest += 1;
    return { outcome: 'too_large', status: 413, body: { error: 'too_large', message: 'body larger than 1 MiB' } };
  }
  if (!record.verified) {
    stats.badSignature += 1;
    return { outcome: 'bad_signature', status: 401, body: { error: 'bad_signature', message: record.verifyError } };
  }
  const webhookId = record.webhookId!; // verification requires the header
  if (!payload || type === null) {
    stats.badRequest += 1;
    return { outcome: 'bad_request', status: 400, body: { error: 'bad_request', message: 'body must be a JSON object with a "type"' } };
  }
  // Check and mark in the same tick: concurrent redeliveries cannot both be accepted.
  if (ctx.state.isAccepted(bank.code, webhookId)) {
    stats.duplicates += 1;
    return { outcome: 'duplicate', status: 200, body: { received: true, duplicate: true, webhookId } };
  }
  ctx.state.markAccepted(bank.code, webhookId);
  stats.accepted += 1;

  const cb = callbackFor(type, bank);
  if (cb) {
    const scheduled = ctx.callbacks.schedule(bank, {
      type: cb.type,
      reason: cb.reason,
      triggeredBy: webhookId,
      notificationId: typeof payload.notificationId === 'string' ? payload.notificationId : webhookId,
      caseReference: typeof payload.caseReference === 'string' ? payload.caseReference : null,
    });
    record.callbackId = scheduled.id;
  }
  return { outcome: 'accepted', status: 200, body: { received: true, duplicate: false, webhookId } };
}
