import type { AlertDraft } from '@sentinel/domain';
import type { Statement } from '../sql';

/** The case an alert is about (from the loaded state: no re-read). */
export interface AlertedCase {
  id: string;
  reference: string;
  teamId: string | null;
}

/**
 * In-app alerts (docs/api.md "Alerts"). Raised by the case writer from a plan's AlertDrafts; listed and read by
 * the alerts module.
 */
export class AlertsRepository {
  /**
   * One statement raising every draft: recipients are the active supervisors of the case's team (every active
   * supervisor when the case has no team or its team has none) when `teamSupervisors`, plus the named users
   * while active. One alert per (user, type, dedupe key): raising again is a no-op. Counted: the alerts created.
   */
  raiseStatement(c: AlertedCase, drafts: AlertDraft[]): Statement {
    return {
      text: `WITH a AS (
          SELECT * FROM jsonb_to_recordset($1::jsonb)
            AS a(type text, stage text, notification_id uuid, dedupe_key text, team_supervisors boolean, users uuid[])
        ),
        team_sups AS (SELECT u.id FROM users u WHERE u.role = 'supervisor' AND u.active AND u.team_id = $2::uuid),
        sups AS (
          SELECT id FROM team_sups
          UNION SELECT u.id FROM users u WHERE u.role = 'supervisor' AND u.active AND NOT EXISTS (SELECT 1 FROM team_sups)
        )
        INSERT INTO alerts (user_id, type, case_id, case_reference, stage, notification_id, dedupe_key)
        SELECT r.id, a.type, $3, $4, a.stage, a.notification_id, a.dedupe_key
          FROM a CROSS JOIN LATERAL (
            SELECT s.id FROM sups s WHERE a.team_supervisors
            UNION SELECT u.id FROM users u WHERE u.id = ANY(a.users) AND u.active
          ) r
        ON CONFLICT (user_id, type, dedupe_key) DO NOTHING
        RETURNING id`,
      values: [
        JSON.stringify(
          drafts.map((d) => ({
            type: d.type,
            stage: d.stage,
            notification_id: d.notificationId,
            dedupe_key: d.dedupeKey,
            team_supervisors: d.recipients.teamSupervisors,
            users: d.recipients.users,
          })),
        ),
        c.teamId,
        c.id,
        c.reference,
      ],
      counted: true,
    };
  }
}
