import type { AlertChannel, AlertType } from '@sentinel/contracts';

/** An alert not yet routed to channels. */
export interface RoutableAlert {
  id: string;
  userId: string;
  type: AlertType;
}

/** What a user chose (docs/api.md "Alert channels"), with the channels they can actually be reached on. */
export interface UserAlertRouting {
  digestMinutes: number;
  /** alert type → channels chosen */
  routes: Partial<Record<AlertType, readonly AlertChannel[]>>;
  /** channels usable now: e-mail when SMTP is configured, a robot when its URL is stored */
  reachable: ReadonlySet<AlertChannel>;
}

/** One message to send: at once (`sendAt` = now), or a digest collecting until `sendAt`. */
export interface RoutedMessage {
  userId: string;
  channel: AlertChannel;
  alertIds: string[];
  digest: boolean;
  sendAt: Date;
}

/**
 * Which alerts go to which of their user's channels. An alert goes to each channel its user chose for its type and
 * can be reached on; a user without preferences gets the console only. Without a digest each alert is one message;
 * with one, a user's alerts for one channel are one message sent at the end of the window (the caller adds them to
 * a digest of that user and channel still collecting, or opens one ending at `sendAt`).
 */
export function routeAlerts(alerts: readonly RoutableAlert[], routing: ReadonlyMap<string, UserAlertRouting>, now: Date): RoutedMessage[] {
  const out: RoutedMessage[] = [];
  const digests = new Map<string, RoutedMessage>();
  for (const a of alerts) {
    const r = routing.get(a.userId);
    if (!r) continue;
    for (const channel of new Set(r.routes[a.type] ?? [])) {
      if (!r.reachable.has(channel)) continue;
      if (r.digestMinutes <= 0) {
        out.push({ userId: a.userId, channel, alertIds: [a.id], digest: false, sendAt: now });
        continue;
      }
      const key = `${a.userId}/${channel}`;
      let d = digests.get(key);
      if (!d) {
        d = { userId: a.userId, channel, alertIds: [], digest: true, sendAt: new Date(now.getTime() + r.digestMinutes * 60_000) };
        digests.set(key, d);
        out.push(d);
      }
      d.alertIds.push(a.id);
    }
  }
  return out;
}
