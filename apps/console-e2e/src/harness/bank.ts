import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { CaseWriter, NotificationsRepository } from '@sentinel/persistence';
import { openBankSecret, outboundPolicy, secretBoxFromEnv } from '@sentinel/outbound';
import { WebhookSender, type WebhookAttemptResult } from '../../../worker/src/bank-notifications/webhook-sender';
import { startBankSandbox, type BankSandbox } from '../../../bank-sandbox/src';
import type { Api } from './api';

/** A Standard Webhooks secret (`whsec_` + base64 of 32 random bytes), as an admin would set for a bank. */
export function webhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/**
 * A bank of our API whose webhook is the bank sandbox (apps/bank-sandbox): it verifies our signatures and
 * calls back `freeze.confirmed` after `callbackDelayMs`. Created through the admin API; closed by `close()`.
 */
export async function sandboxBank(api: Api, adminToken: string, apiUrl: string, code: string, callbackDelayMs = 300): Promise<{ sandbox: BankSandbox; code: string; close(): Promise<void> }> {
  const secret = webhookSecret();
  const sandbox = await startBankSandbox({ port: 0, quiet: true, apiUrl, callbackDelayMs, banks: [{ code, secret }] });
  try {
    await api.post('/api/banks', adminToken, { code, name: `${code} (sandbox)`, webhookUrl: `${sandbox.url}/webhooks/${code}`, secret, active: true });
  } catch (e) {
    await sandbox.close();
    throw e;
  }
  return { sandbox, code, close: () => sandbox.close() };
}

const notifications = new NotificationsRepository();
const writer = new CaseWriter();

/**
 * One delivery attempt of a pending notification, through the worker's own code path (claim → signed POST →
 * attempt recorded as a `delivery_attempt` change), as the worker does when its job fires (the browser tests run
 * no worker process).
 */
export async function deliverNotification(ds: DataSource, notificationId: string): Promise<WebhookAttemptResult> {
  const claim = await notifications.claim(ds, notificationId, new Date(), { dueSlackMs: 60_000 });
  if (!claim.ok) throw new Error(`notification ${notificationId} could not be claimed: ${claim.reason}`);
  const n = claim.notification;
  const bank = await notifications.bankEndpoint(ds, n.bankCode, new Date());
  if (!bank?.webhookUrl) throw new Error(`bank ${n.bankCode} has no webhook`);
  // The browser tests' banks are the sandbox on loopback (WEBHOOK_ALLOW_PRIVATE=true); secrets sealed with the development key.
  const box = secretBoxFromEnv(process.env, () => undefined);
  const secrets = bank.sealedSecrets.map((v) => openBankSecret(box, bank.id, v));
  const sender = new WebhookSender(outboundPolicy({ allowPrivate: true }));
  const result = await sender.send({ url: bank.webhookUrl, id: n.id, body: JSON.stringify(n.payload), secrets, timeoutMs: 10_000 }).finally(() => sender.close());
  const now = new Date();
  await ds.transaction((tx) =>
    writer.change(
      tx,
      { notificationId: n.id },
      {
        kind: 'delivery_attempt',
        notificationId: n.id,
        generation: n.generation,
        claimedAt: n.claimedAt,
        attemptNo: n.attemptCount + 1,
        startedAt: result.startedAt,
        durationMs: result.durationMs,
        statusCode: result.statusCode,
        error: result.error,
        outcome: result.ok ? 'delivered' : 'failed',
        nextAttemptAt: result.ok ? null : new Date(now.getTime() + 60_000),
      },
      now,
    ),
  );
  return result;
}
