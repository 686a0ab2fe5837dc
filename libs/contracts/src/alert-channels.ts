import type { AlertType } from './enums';

/**
 * Where an alert may also go besides the console (docs/api.md "Alert channels"): e-mail to the user's address, a chat
 * robot by webhook (WeCom, DingTalk, Feishu) or a generic JSON webhook. The console inbox always gets every alert.
 */
export const ALERT_CHANNELS = ['email', 'wecom', 'dingtalk', 'feishu', 'webhook'] as const;
export type AlertChannel = (typeof ALERT_CHANNELS)[number];

/** The channels reached by a webhook URL the user gives (the outbound address rule applies). */
export const ROBOT_CHANNELS = ['wecom', 'dingtalk', 'feishu', 'webhook'] as const;
export type RobotChannel = (typeof ROBOT_CHANNELS)[number];

/** Digest windows a user may choose, in minutes (0 = every alert at once). */
export const DIGEST_MINUTES = [0, 5, 15, 30, 60] as const;

export const ALERT_DELIVERY_STATUSES = ['pending', 'delivering', 'delivered', 'dead'] as const;
export type AlertDeliveryStatus = (typeof ALERT_DELIVERY_STATUSES)[number];

/** `alert`: one alert; `digest`: every alert of a window in one message; `test`: the "send test" button. */
export const ALERT_DELIVERY_KINDS = ['alert', 'digest', 'test'] as const;
export type AlertDeliveryKind = (typeof ALERT_DELIVERY_KINDS)[number];

/** The alert types sent to which channels (absent or empty: the console only). */
export interface AlertRoute {
  type: AlertType;
  channels: AlertChannel[];
}

/** A configured chat robot or webhook; the URL carries the robot's token, so only its host and a hint are shown. */
export interface RobotEndpointView {
  channel: RobotChannel;
  /** e.g. `https://oapi.dingtalk.com/…1a2b` */
  urlHint: string;
  /** a signing secret is stored (DingTalk, Feishu: the robot's "sign" secret; webhook: a Standard Webhooks secret) */
  secretSet: boolean;
  updatedAt: string;
}

/** `GET /api/me/alert-preferences`. */
export interface AlertPreferencesView {
  /** 0: each alert at once; otherwise the alerts of a window go out as one message at its end. */
  digestMinutes: number;
  /** Every alert type, in ALERT_TYPES order. */
  routes: AlertRoute[];
  email: { address: string; available: boolean };
  robots: RobotEndpointView[];
  updatedAt: string | null;
}

/** `PUT /api/me/alert-preferences`. */
export interface AlertPreferencesUpdate {
  digestMinutes: number;
  routes: AlertRoute[];
}

/** `PUT /api/me/alert-channels/:channel`. */
export interface RobotEndpointUpdate {
  url: string;
  /** omitted: keep the stored one; null: remove it */
  secret?: string | null;
}

/** `GET /api/me/alert-deliveries`: one message to one channel, with its attempts so far. */
export interface AlertDeliveryView {
  id: string;
  channel: AlertChannel;
  kind: AlertDeliveryKind;
  status: AlertDeliveryStatus;
  alertCount: number;
  attemptCount: number;
  lastError: string | null;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
}
