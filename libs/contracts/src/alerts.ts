import type { AlertType, Stage } from './enums';

/** One of the caller's in-app alerts (`/api/alerts`). */
export interface AlertView {
  id: string;
  type: AlertType;
  caseId: string | null;
  caseReference: string | null;
  stage: Stage | null;
  notificationId: string | null;
  createdAt: string;
  readAt: string | null;
}

/** `GET /api/alerts/unread-count`. */
export interface UnreadCount {
  count: number;
}

/** `POST /api/alerts/read-all`: how many alerts were marked read. */
export interface ReadAllResult {
  updated: number;
}
