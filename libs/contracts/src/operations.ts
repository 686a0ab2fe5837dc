export const DEPENDENCY_STATES = ['up', 'down'] as const;
export type DependencyState = (typeof DEPENDENCY_STATES)[number];

/** `GET /api/health` (public, status only): 200 `ok`, 503 `degraded` while a dependency is down. */
export interface HealthView {
  status: 'ok' | 'degraded';
  db: DependencyState;
  redis: DependencyState;
}

/** `POST /api/admin/queues-session`: the queue dashboard opened for this session (its cookie is set; `url` has no token). */
export interface QueueBoardLink {
  url: string;
  expiresAt: string;
}
