import type { BankNotificationBase, BankNotificationBody, MisuseType, Money, NotificationType, Outcome } from '@sentinel/contracts';

/** The body a bank receives (libs/contracts `BankNotificationBody`, docs/api.md "Banks and notifications"): no personal data. */
export type NotificationBody = BankNotificationBody;

/** The case facts a notification body is built from (the loaded state, or a case being opened). */
export interface NotifiedCase {
  id: string;
  reference: string;
  sn: string;
  tid: string | null;
  merchantId: string | null;
  merchantName: string | null;
  misuseType: MisuseType;
  amountAtRisk: Money | null;
}

/** The notification types whose body is the base alone (the hold notices add their `hold`). */
export type PlainNotificationType = Exclude<NotificationType, 'hold.placed' | 'hold.released'>;

export function notificationBody<T extends NotificationType = PlainNotificationType>(
  c: NotifiedCase,
  n: { id: string; type: T; bankCode: string; at: Date; reason?: string; outcome?: Outcome },
): BankNotificationBase<T> {
  return {
    type: n.type,
    notificationId: n.id,
    caseId: c.id,
    caseReference: c.reference,
    bankCode: n.bankCode,
    sn: c.sn,
    terminalId: c.tid,
    merchantId: c.merchantId,
    merchantName: c.merchantName,
    misuseType: c.misuseType,
    amountAtRisk: c.amountAtRisk,
    requestedAt: n.at.toISOString(),
    scope: ['terminal', 'settlement'],
    ...(n.reason ? { reason: n.reason } : {}),
    ...(n.outcome ? { outcome: n.outcome } : {}),
  };
}
