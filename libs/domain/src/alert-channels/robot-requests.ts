import { createHmac } from 'node:crypto';
import type { AlertDeliveryKind, RobotChannel } from '@sentinel/contracts';
import { buildWebhookHeaders } from '../webhooks';
import { caseLink, type AlertMessage, type MessageAlert } from './alert-message';

export interface RobotTarget {
  channel: RobotChannel;
  url: string;
  /** DingTalk / Feishu: the robot's signing secret; webhook: a Standard Webhooks secret (`whsec_…`) */
  secret: string | null;
}

export interface RobotRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface RobotRequestInput {
  target: RobotTarget;
  message: AlertMessage;
  deliveryId: string;
  kind: AlertDeliveryKind;
  alerts: readonly MessageAlert[];
  consoleUrl?: string;
  /** the send time (signatures carry it) */
  now: Date;
}

/**
 * The HTTP request a chat robot or generic webhook takes, in each vendor's documented form:
 * - WeCom group robot: `{ msgtype: "markdown", markdown: { content } }` to its `…/cgi-bin/webhook/send?key=…` URL;
 * - DingTalk custom robot: `{ msgtype: "markdown", markdown: { title, text } }`; with a signing secret the URL gets
 *   `timestamp` (ms) and `sign` = base64 HMAC-SHA256(key = secret, "timestamp\nsecret"), URL-encoded;
 * - Feishu custom bot: `{ msg_type: "text", content: { text } }`; with a signing secret the body gets `timestamp`
 *   (s) and `sign` = base64 HMAC-SHA256(key = "timestamp\nsecret", empty message);
 * - generic webhook: our JSON (`type`, `deliveryId`, `kind`, `title`, `text`, `alerts`), signed with Standard
 *   Webhooks headers (`webhook-id` = the delivery id, the same on every retry) when a secret is set.
 */
export function robotRequest(r: RobotRequestInput): RobotRequest {
  const { target, message } = r;
  const json = { 'content-type': 'application/json' };
  switch (target.channel) {
    case 'wecom':
      return { url: target.url, headers: json, body: JSON.stringify({ msgtype: 'markdown', markdown: { content: message.markdown } }) };
    case 'dingtalk': {
      const body = JSON.stringify({ msgtype: 'markdown', markdown: { title: message.title, text: message.markdown } });
      if (!target.secret) return { url: target.url, headers: json, body };
      const ts = r.now.getTime();
      const url = new URL(target.url);
      url.searchParams.set('timestamp', String(ts));
      url.searchParams.set('sign', dingTalkSign(ts, target.secret));
      return { url: url.toString(), headers: json, body };
    }
    case 'feishu': {
      const content = { msg_type: 'text', content: { text: message.text } };
      if (!target.secret) return { url: target.url, headers: json, body: JSON.stringify(content) };
      const ts = Math.floor(r.now.getTime() / 1000);
      return { url: target.url, headers: json, body: JSON.stringify({ timestamp: String(ts), sign: feishuSign(ts, target.secret), ...content }) };
    }
    case 'webhook': {
      const body = JSON.stringify({
        type: r.kind === 'test' ? 'alerts.test' : 'alerts',
        deliveryId: r.deliveryId,
        kind: r.kind,
        title: message.title,
        text: message.text,
        alerts: r.alerts.map((a) => ({
          id: a.id,
          type: a.type,
          caseId: a.caseId,
          caseReference: a.caseReference,
          stage: a.stage,
          createdAt: a.createdAt.toISOString(),
          url: caseLink(r.consoleUrl, a.caseId),
        })),
      });
      const signed = target.secret ? buildWebhookHeaders({ id: r.deliveryId, timestamp: Math.floor(r.now.getTime() / 1000), body, secrets: [target.secret] }) : {};
      return { url: target.url, headers: { ...json, ...signed }, body };
    }
  }
}

/** DingTalk: base64 HMAC-SHA256 with the secret as key over `timestamp + "\n" + secret` (timestamp in ms). */
export function dingTalkSign(timestampMs: number, secret: string): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

/** Feishu: base64 HMAC-SHA256 with `timestamp + "\n" + secret` as key over an empty message (timestamp in s). */
export function feishuSign(timestampS: number, secret: string): string {
  return createHmac('sha256', `${timestampS}\n${secret}`).update('').digest('base64');
}

/**
 * Chat robots answer HTTP 200 even when they refuse a message (a bad key or signature, a rate limit): the reply's
 * code says. Null when the reply is a success; otherwise a one-line reason (the code and at most 80 characters of the
 * robot's own message). The generic webhook's 2xx is enough.
 */
export function robotReplyError(channel: RobotChannel, reply: string): string | null {
  if (channel === 'webhook') return null;
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(reply) as Record<string, unknown>;
  } catch {
    return `${channel}: unreadable reply`;
  }
  const code = channel === 'feishu' ? (parsed.code ?? parsed.StatusCode) : parsed.errcode;
  if (code === 0) return null;
  const msg = String((channel === 'feishu' ? (parsed.msg ?? parsed.StatusMessage) : parsed.errmsg) ?? '').replace(/\s+/g, ' ').slice(0, 80);
  return `${channel} refused: code ${String(code ?? 'missing')}${msg ? ` ${msg}` : ''}`;
}

/** A hint of a stored URL that does not reveal its token: scheme, host and the last 4 characters. */
export function urlHint(raw: string): string {
  try {
    const u = new URL(raw);
    const tail = raw.replace(/\/+$/, '').slice(-4);
    return `${u.protocol}//${u.host}/…${tail}`;
  } catch {
    return '…';
  }
}
