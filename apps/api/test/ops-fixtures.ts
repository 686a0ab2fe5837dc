import { randomUUID } from 'node:crypto';
import { sealBankSecret } from '@sentinel/outbound';
import { buildWebhookHeaders, generateWebhookSecret } from '@sentinel/domain';
import { auth, type TestApp, type TestUser } from './test-app';

/** Shared fixtures of the bank-callback / notification / SLA / alert suites. */

export const past = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

/** Inserts an active bank with a known Standard Webhooks secret (returned). */
export async function createBank(t: TestApp, code: string, secret = generateWebhookSecret(), name = `Bank ${code}`): Promise<string> {
  const id = randomUUID();
  await t.ds.query(`INSERT INTO banks (id, code, name, webhook_url, secret) VALUES ($1, $2, $3, 'http://127.0.0.1:9/none', $4)`, [id, code, name, sealedSecret(t, id, secret)]);
  return secret;
}

/** A secret as the API stores it: sealed with the app's SECRETS_KEY box, bound to the bank's row. */
export function sealedSecret(t: TestApp, bankId: string, secret: string): string {
  return sealBankSecret(t.config.secretBox, bankId, secret);
}

let snSeq = 0;

/**
 * Opens a case through POST /api/reports on a trusted channel, so the freeze request to the bank is queued at once.
 * Returns the case and the id of its freeze notification (null without a bank).
 */
export async function openCase(
  t: TestApp,
  user: TestUser,
  bankCode: string | null,
): Promise<{ caseId: string; reference: string; notificationId: string | null; sn: string }> {
  const sn = `OPS-${process.pid}-${String(++snSeq).padStart(5, '0')}`;
  const res = await t
    .http()
    .post('/api/reports')
    .set(auth(user.token))
    .send({ sn, channel: 'bank_alert', misuseType: 'cloned_terminal', ...(bankCode ? { bankCode } : {}) });
  if (res.status !== 201) throw new Error(`report failed: ${res.status} ${JSON.stringify(res.body)}`);
  const [f] = await t.ds.query(`SELECT notification_id FROM case_freezes WHERE case_id = $1`, [res.body.caseId]);
  return { caseId: res.body.caseId, reference: res.body.caseReference, notificationId: f?.notification_id ?? null, sn };
}

let webhookSeq = 0;

/** POSTs a Standard Webhooks-signed callback; `opts` bends one thing at a time (secret, id, timestamp, signature). */
export function sendCallback(
  t: TestApp,
  bankCode: string,
  body: Record<string, unknown> | string,
  opts: { secrets: string[]; id?: string; timestamp?: number; signature?: string; omit?: string[] },
) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const id = opts.id ?? `msg_${process.pid}_${++webhookSeq}_${Date.now()}`;
  const headers: Record<string, string> = buildWebhookHeaders({ id, timestamp: opts.timestamp ?? Math.floor(Date.now() / 1000), body: raw, secrets: opts.secrets });
  if (opts.signature !== undefined) headers['webhook-signature'] = opts.signature;
  for (const h of opts.omit ?? []) delete headers[h];
  return t.http().post(`/api/bank-callbacks/${bankCode}`).set(headers).set('Content-Type', 'application/json').send(raw);
}

export async function caseEvents(t: TestApp, caseId: string): Promise<Array<{ seq: number; action: string; actor_id: string; actor_role: string; data: any }>> {
  return t.ds.query(`SELECT seq, action, actor_id, actor_role, data FROM case_events WHERE case_id = $1 ORDER BY seq`, [caseId]);
}
