import type { EntityManager } from 'typeorm';
import type { AlertType } from '@sentinel/contracts';

type Db = Pick<EntityManager, 'query'>;

/**
 * Raises an in-app alert (docs/api.md "Alerts"): recipients are the active supervisors of the case's team, or every
 * active supervisor when the case has no team or its team has none; plus the assignee for warnings.
 * One alert per (user, type, dedupeKey): raising again is a no-op.
 */
export async function raiseAlert(
  em: Db,
  input: { type: AlertType; caseId: string; dedupeKey: string; stage?: string | null; notificationId?: string | null; includeAssignee?: boolean },
): Promise<number> {
  const rows: Array<{ id: string }> = await em.query(
    `WITH c AS (SELECT id, reference, team_id, assignee_id FROM cases WHERE id = $1),
          team_sups AS (SELECT u.id FROM users u, c WHERE u.role = 'supervisor' AND u.active AND u.team_id = c.team_id),
          sups AS (
            SELECT id FROM team_sups
            UNION SELECT u.id FROM users u WHERE u.role = 'supervisor' AND u.active AND NOT EXISTS (SELECT 1 FROM team_sups)
          ),
          recipients AS (
            SELECT id FROM sups
            UNION SELECT c.assignee_id FROM c JOIN users u ON u.id = c.assignee_id AND u.active WHERE $6::boolean AND c.assignee_id IS NOT NULL
          )
     INSERT INTO alerts (user_id, type, case_id, case_reference, stage, notification_id, dedupe_key)
     SELECT r.id, $2, c.id, c.reference, $3, $4, $5 FROM recipients r, c
     ON CONFLICT (user_id, type, dedupe_key) DO NOTHING
     RETURNING id`,
    [input.caseId, input.type, input.stage ?? null, input.notificationId ?? null, input.dedupeKey, !!input.includeAssignee],
  );
  return rows.length;
}
