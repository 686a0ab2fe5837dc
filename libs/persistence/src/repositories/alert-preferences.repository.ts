import type { AlertChannel, AlertType, RobotChannel } from '@sentinel/contracts';
import { maybeOne, rows, type Db } from '../sql';

/** A user's routes and digest window (`alert_preferences`). */
export interface AlertPreferencesRow {
  digest_minutes: number;
  routes: Partial<Record<AlertType, AlertChannel[]>>;
  updated_at: Date;
}

/** A stored chat robot or webhook; URL and secret sealed (SecretBox, aad from {@link endpointAad}). */
export interface AlertEndpointRow {
  channel: RobotChannel;
  url_sealed: string;
  url_hint: string;
  secret_sealed: string | null;
  updated_at: Date;
}

/** The row a sealed value belongs to: a ciphertext copied to another user's or channel's row does not open. */
export const endpointAad = (userId: string, channel: RobotChannel, part: 'url' | 'secret') => `alert-endpoint:${userId}:${channel}:${part}`;

/** What the dispatcher needs of a user to route an alert. */
export interface UserRoutingRow {
  user_id: string;
  active: boolean;
  digest_minutes: number | null;
  routes: Partial<Record<AlertType, AlertChannel[]>> | null;
  robots: RobotChannel[];
}

/** Alert preferences and endpoints (docs/api.md "Alert channels"); every statement is scoped to one user. */
export class AlertPreferencesRepository {
  get(db: Db, userId: string): Promise<AlertPreferencesRow | undefined> {
    return maybeOne<AlertPreferencesRow>(db, `SELECT digest_minutes, routes, updated_at FROM alert_preferences WHERE user_id = $1`, [userId]);
  }

  async save(db: Db, userId: string, digestMinutes: number, routes: Partial<Record<AlertType, AlertChannel[]>>, now: Date): Promise<AlertPreferencesRow> {
    const [row] = await rows<AlertPreferencesRow>(
      db,
      `INSERT INTO alert_preferences (user_id, digest_minutes, routes, updated_at) VALUES ($1, $2, $3::jsonb, $4)
       ON CONFLICT (user_id) DO UPDATE SET digest_minutes = EXCLUDED.digest_minutes, routes = EXCLUDED.routes, updated_at = EXCLUDED.updated_at
       RETURNING digest_minutes, routes, updated_at`,
      [userId, digestMinutes, JSON.stringify(routes), now],
    );
    return row;
  }

  endpoints(db: Db, userId: string): Promise<AlertEndpointRow[]> {
    return rows<AlertEndpointRow>(db, `SELECT channel, url_sealed, url_hint, secret_sealed, updated_at FROM alert_endpoints WHERE user_id = $1 ORDER BY channel`, [userId]);
  }

  endpoint(db: Db, userId: string, channel: RobotChannel): Promise<AlertEndpointRow | undefined> {
    return maybeOne<AlertEndpointRow>(db, `SELECT channel, url_sealed, url_hint, secret_sealed, updated_at FROM alert_endpoints WHERE user_id = $1 AND channel = $2`, [
      userId,
      channel,
    ]);
  }

  /** `secret`: a sealed value or null to store, or `keep` to leave the stored one (none for a new endpoint). */
  async upsertEndpoint(db: Db, userId: string, channel: RobotChannel, e: { urlSealed: string; urlHint: string; secret: string | null | 'keep' }, now: Date): Promise<AlertEndpointRow> {
    const keep = e.secret === 'keep';
    const [row] = await rows<AlertEndpointRow>(
      db,
      `INSERT INTO alert_endpoints (user_id, channel, url_sealed, url_hint, secret_sealed, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (user_id, channel) DO UPDATE SET url_sealed = EXCLUDED.url_sealed, url_hint = EXCLUDED.url_hint,
         secret_sealed = CASE WHEN $7 THEN alert_endpoints.secret_sealed ELSE EXCLUDED.secret_sealed END, updated_at = EXCLUDED.updated_at
       RETURNING channel, url_sealed, url_hint, secret_sealed, updated_at`,
      [userId, channel, e.urlSealed, e.urlHint, keep ? null : e.secret, now, keep],
    );
    return row;
  }

  async deleteEndpoint(db: Db, userId: string, channel: RobotChannel): Promise<boolean> {
    return (await rows(db, `DELETE FROM alert_endpoints WHERE user_id = $1 AND channel = $2 RETURNING channel`, [userId, channel])).length > 0;
  }

  /** Each user's routes, digest window and stored robots (users without preferences come back with nulls). */
  routing(db: Db, userIds: string[]): Promise<UserRoutingRow[]> {
    return rows<UserRoutingRow>(
      db,
      `SELECT u.id AS user_id, u.active, p.digest_minutes, p.routes,
              coalesce((SELECT array_agg(e.channel ORDER BY e.channel) FROM alert_endpoints e WHERE e.user_id = u.id), '{}') AS robots
         FROM users u LEFT JOIN alert_preferences p ON p.user_id = u.id
        WHERE u.id = ANY($1::uuid[])`,
      [userIds],
    );
  }
}
