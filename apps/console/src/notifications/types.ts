import type { NotificationStatus, NotificationType } from '@sentinel/contracts';

/** A row of GET /api/notifications (docs/api.md "Banks and notifications"). */
export interface NotificationAttempt {
  id?: string;
  attemptNo: number;
  generation?: number;
  startedAt: string;
  durationMs: number | null;
  statusCode: number | null;
  error: string | null;
  outcome: 'delivered' | 'failed';
}

export interface NotificationRow {
  id: string;
  caseId: string;
  caseReference?: string | null;
  bankCode: string;
  type: NotificationType;
  status: NotificationStatus;
  attemptCount?: number;
  attempts?: NotificationAttempt[];
  nextAttemptAt?: string | null;
  lastError?: string | null;
  lastStatusCode?: number | null;
  deliveredAt?: string | null;
  deadAt?: string | null;
  createdAt: string;
}
