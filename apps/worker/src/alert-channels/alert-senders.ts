import nodemailer, { type Transporter } from 'nodemailer';
import type { AlertChannel } from '@sentinel/contracts';
import { robotReplyError, robotRequest, type AlertMessage, type MessageAlert, type RobotTarget } from '@sentinel/domain';
import { outboundClient, type OutboundClient } from '@sentinel/outbound';
import type { WorkerConfig } from '../config/worker-config';

export interface SendResult {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
}

export interface SendInput {
  channel: AlertChannel;
  deliveryId: string;
  kind: 'alert' | 'digest' | 'test';
  message: AlertMessage;
  alerts: readonly MessageAlert[];
  /** e-mail: the user's address */
  email: string;
  /** a robot: its URL and secret, opened */
  robot: RobotTarget | null;
  signal?: AbortSignal;
}

/** Chat robots answer with a short JSON; more than this is not read. */
const REPLY_LIMIT = 4096;

/**
 * Sends one alert-channel message: e-mail through nodemailer (SMTP_URL, SMTP_FROM), a robot or webhook through the
 * outbound client (the address rule on the URL and on every connection; redirects never followed). Never throws.
 */
export class AlertSenders {
  private readonly http: OutboundClient;
  private readonly mail: Transporter | null;

  constructor(private readonly cfg: WorkerConfig) {
    this.http = outboundClient(cfg.outboundPolicy, { resolver: cfg.outboundResolver, userAgent: 'Sentinel-SN-Alerts/1.0' });
    this.mail = cfg.smtpUrl
      ? nodemailer.createTransport(cfg.smtpUrl, {
          connectionTimeout: cfg.alertDeliveryTimeoutMs,
          greetingTimeout: cfg.alertDeliveryTimeoutMs,
          socketTimeout: cfg.alertDeliveryTimeoutMs,
        })
      : null;
  }

  async send(s: SendInput): Promise<SendResult> {
    if (s.channel === 'email') return this.sendMail(s);
    if (!s.robot) return { ok: false, statusCode: null, error: `no ${s.channel} URL is set` };
    const req = robotRequest({ target: s.robot, message: s.message, deliveryId: s.deliveryId, kind: s.kind, alerts: s.alerts, consoleUrl: this.cfg.consoleUrl, now: new Date() });
    const res = await this.http.post({ url: req.url, headers: req.headers, body: req.body, timeoutMs: this.cfg.alertDeliveryTimeoutMs, signal: s.signal, replyLimit: REPLY_LIMIT });
    if (!res.ok) return { ok: false, statusCode: res.statusCode, error: res.error };
    const refused = robotReplyError(s.robot.channel, res.reply ?? '');
    return refused ? { ok: false, statusCode: res.statusCode, error: refused } : { ok: true, statusCode: res.statusCode, error: null };
  }

  private async sendMail(s: SendInput): Promise<SendResult> {
    if (!this.mail) return { ok: false, statusCode: null, error: 'e-mail is not configured (SMTP_URL)' };
    try {
      const info = await this.mail.sendMail({
        from: this.cfg.smtpFrom,
        to: s.email,
        subject: s.message.title,
        text: s.message.text,
        headers: { 'X-Sentinel-Delivery': s.deliveryId },
      });
      if (info.rejected?.length) return { ok: false, statusCode: null, error: `SMTP rejected the recipient` };
      return { ok: true, statusCode: null, error: null };
    } catch (e) {
      const err = e as Error & { code?: string; responseCode?: number; response?: string };
      const what = err.responseCode ? `SMTP ${err.responseCode}` : (err.code ?? 'SMTP error');
      return { ok: false, statusCode: err.responseCode ?? null, error: `${what}: ${(err.response ?? err.message).replace(/\s+/g, ' ').slice(0, 120)}` };
    }
  }

  async close(): Promise<void> {
    this.mail?.close();
    await this.http.close().catch(() => undefined);
  }
}
