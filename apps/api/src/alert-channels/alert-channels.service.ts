import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  ALERT_CHANNELS,
  ALERT_DELIVERY_STATUSES,
  ALERT_TYPES,
  ROBOT_CHANNELS,
  type AlertChannel,
  type AlertDeliveryView,
  type AlertPreferencesView,
  type AlertType,
  type RobotChannel,
  type RobotEndpointView,
} from '@sentinel/contracts';
import { isValidWebhookSecret, urlHint } from '@sentinel/domain';
import { checkOutboundUrl, type SecretBox } from '@sentinel/outbound';
import { AlertDeliveriesRepository, AlertPreferencesRepository, endpointAad, toAlertDeliveryView, type AlertEndpointRow } from '@sentinel/persistence';
import { AuditService } from '../audit/audit.service';
import { auditActor, type Actor } from '../auth/actor';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { parseListQuery } from '../common/list-query';
import { notFound, validationFailed } from '../common/problem.exception';
import { WakeupPublisher } from '../jobs/wakeup.publisher';
import { filterEnum, validIds } from '../users/filter-values';
import type { UpdateAlertPreferencesDto, UpdateRobotEndpointDto } from './alert-preferences.dto';

export const ALERT_SECRET_BOX = Symbol('ALERT_SECRET_BOX');
export const DELIVERY_FILTERS = ['status'] as const;
export const DELIVERY_SORTS = [] as const;

const toEndpointView = (e: AlertEndpointRow): RobotEndpointView => ({
  channel: e.channel,
  urlHint: e.url_hint,
  secretSet: e.secret_sealed !== null,
  updatedAt: e.updated_at.toISOString(),
});

/**
 * The caller's alert channels (docs/api.md "Alert channels"): preferences per alert type, robots and webhooks (URL
 * and secret sealed with SECRETS_KEY, the URL checked by the outbound address rule when saved), test messages and the
 * delivery log. Everything is the caller's own: there is no way to name another user. Writes are audited (system
 * chain) without the URL or secret.
 */
@Injectable()
export class AlertChannelsService {
  private readonly prefs = new AlertPreferencesRepository();
  private readonly deliveries = new AlertDeliveriesRepository();

  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly wakeups: WakeupPublisher,
    @Inject(ALERT_SECRET_BOX) private readonly box: SecretBox,
    @Inject(APP_CONFIG) private readonly cfg: AppConfig,
  ) {}

  async get(actor: Actor, db: DataSource | EntityManager = this.ds): Promise<AlertPreferencesView> {
    const [p, robots] = await Promise.all([this.prefs.get(db, actor.id), this.prefs.endpoints(db, actor.id)]);
    return {
      digestMinutes: p?.digest_minutes ?? 0,
      routes: ALERT_TYPES.map((type) => ({ type, channels: ALERT_CHANNELS.filter((c) => p?.routes[type]?.includes(c)) })),
      email: { address: actor.email, available: this.cfg.smtpConfigured },
      robots: robots.map(toEndpointView),
      updatedAt: p?.updated_at.toISOString() ?? null,
    };
  }

  async update(dto: UpdateAlertPreferencesDto, actor: Actor): Promise<AlertPreferencesView> {
    const routes: Partial<Record<AlertType, AlertChannel[]>> = {};
    const errors: Parameters<typeof validationFailed>[0] = {};
    const seen = new Set<AlertType>();
    dto.routes.forEach((r, i) => {
      if (seen.has(r.type)) errors[`routes.${i}.type`] = { code: 'INVALID', message: `${r.type} is listed twice` };
      seen.add(r.type);
      const channels = ALERT_CHANNELS.filter((c) => r.channels.includes(c));
      if (channels.length) routes[r.type] = channels;
    });
    if (Object.keys(errors).length) throw validationFailed(errors);
    return this.ds.transaction(async (em) => {
      const row = await this.prefs.save(em, actor.id, dto.digestMinutes, routes, new Date());
      await this.audit.appendSystemEvent(em, {
        actor: auditActor(actor),
        action: 'alert_preferences.updated',
        data: { userId: actor.id, digestMinutes: row.digest_minutes, routes: row.routes },
      });
      return this.get(actor, em);
    });
  }

  async saveRobot(channel: string, dto: UpdateRobotEndpointDto, actor: Actor): Promise<RobotEndpointView> {
    const rc = this.robotChannel(channel);
    const url = dto.url.trim();
    const verdict = checkOutboundUrl(url, this.cfg.outboundPolicy);
    if (!verdict.ok) throw validationFailed({ url: { code: /URL|user name/.test(verdict.reason) ? 'PATTERN' : 'NOT_ALLOWED', message: verdict.reason } });
    const secret = dto.secret === undefined ? 'keep' : dto.secret === null ? null : dto.secret.trim();
    if (rc === 'webhook' && typeof secret === 'string' && !isValidWebhookSecret(secret)) {
      throw validationFailed({ secret: { code: 'PATTERN', message: 'must be a Standard Webhooks secret: whsec_ + base64 of 24–64 bytes' } });
    }
    if (rc === 'wecom' && typeof secret === 'string') throw validationFailed({ secret: { code: 'NOT_ALLOWED', message: 'WeCom robots have no signing secret' } });
    return this.ds.transaction(async (em) => {
      const row = await this.prefs.upsertEndpoint(
        em,
        actor.id,
        rc,
        {
          urlSealed: this.box.seal(url, endpointAad(actor.id, rc, 'url')),
          urlHint: urlHint(url),
          secret: typeof secret === 'string' ? this.box.seal(secret, endpointAad(actor.id, rc, 'secret')) : secret,
        },
        new Date(),
      );
      const view = toEndpointView(row);
      await this.audit.appendSystemEvent(em, { actor: auditActor(actor), action: 'alert_channel.saved', data: { userId: actor.id, ...view } });
      return view;
    });
  }

  async removeRobot(channel: string, actor: Actor): Promise<void> {
    const rc = this.robotChannel(channel);
    await this.ds.transaction(async (em) => {
      if (!(await this.prefs.deleteEndpoint(em, actor.id, rc))) throw notFound(`Alert channel ${rc}`);
      await this.audit.appendSystemEvent(em, { actor: auditActor(actor), action: 'alert_channel.removed', data: { userId: actor.id, channel: rc } });
    });
  }

  /** A test message through the worker, like an alert; the console follows its status in the delivery log. */
  async test(channel: string, actor: Actor, correlationId?: string): Promise<AlertDeliveryView> {
    if (!(ALERT_CHANNELS as readonly string[]).includes(channel)) throw notFound(`Alert channel ${channel}`);
    const c = channel as AlertChannel;
    if (c === 'email' && !this.cfg.smtpConfigured) throw validationFailed({ channel: { code: 'NOT_ALLOWED', message: 'e-mail is not configured on this installation (SMTP_URL)' } });
    if (c !== 'email' && !(await this.prefs.endpoint(this.ds, actor.id, c))) throw notFound(`Alert channel ${c}`);
    const now = new Date();
    const view = await this.ds.transaction(async (em) => {
      const [opened] = await this.deliveries.open(em, [{ userId: actor.id, channel: c, kind: 'test', alertIds: [], sendAt: now }], now);
      await this.audit.appendSystemEvent(em, { actor: auditActor(actor), action: 'alert_channel.tested', data: { userId: actor.id, channel: c, deliveryId: opened.id } });
      const { rows } = await this.deliveries.list(em, { userId: actor.id, ids: [opened.id] });
      return toAlertDeliveryView(rows[0]);
    });
    await this.wakeups.publishAlertDelivery(view.id, now, correlationId);
    return view;
  }

  async deliveriesOf(query: Record<string, unknown>, actor: Actor): Promise<{ rows: AlertDeliveryView[]; total: number; offset: number }> {
    const q = parseListQuery(query, { filters: DELIVERY_FILTERS, sorts: DELIVERY_SORTS, defaultSort: { field: 'createdAt', order: 'DESC' } });
    const { rows, total } = await this.deliveries.list(this.ds, {
      userId: actor.id,
      ids: q.ids ? validIds(q.ids) : undefined,
      statuses: q.filter.status !== undefined ? filterEnum('status', q.filter.status, ALERT_DELIVERY_STATUSES) : undefined,
      page: q.ids ? undefined : { limit: q.limit, offset: q.offset },
    });
    return { rows: rows.map(toAlertDeliveryView), total, offset: q.ids ? 0 : q.offset };
  }

  private robotChannel(channel: string): RobotChannel {
    if (!(ROBOT_CHANNELS as readonly string[]).includes(channel)) throw notFound(`Alert channel ${channel}`);
    return channel as RobotChannel;
  }
}
