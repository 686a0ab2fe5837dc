import type { FreezeScope, MisuseType, Money, NotificationType } from '@sentinel/contracts';

/** The body a bank receives (docs/api.md "Banks and notifications"): no personal data. */
export interface NotificationBody {
  type: NotificationType;
  notificationId: string;
  caseId: string;
  caseReference: string;
  bankCode: string;
  sn: string;
  terminalId: string | null;
  merchantId: string | null;
  merchantName: string | null;
  misuseType: MisuseType;
  amountAtRisk: Money | null;
  requestedAt: string;
  scope: FreezeScope[];
  reason?: string;
  outcome?: string;
}

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

export function notificationBody(
  c: NotifiedCase,
  n: { id: string; type: NotificationType; bankCode: string; at: Date; reason?: string; outcome?: string },
): NotificationBody {
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
