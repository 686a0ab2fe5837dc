import type { NotificationAttemptView, NotificationView } from '@sentinel/contracts';

/** A row of GET /api/notifications and its attempts (libs/contracts). */
export type NotificationRow = NotificationView;
export type NotificationAttempt = NotificationAttemptView;
