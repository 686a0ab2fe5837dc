import { DEFAULT_PAN_EXEMPT_KEYS, findPanPaths, isUnmaskedPan, isValidMaskedPan, type FieldErrors, type IncomingReport, type ReportRecord } from '@sentinel/domain';
import type { CreateReportDto } from './create-report.dto';

/**
 * Identifiers that may legitimately be long digit strings (never free text): besides SN, MID and TID, a phone
 * number with its country code (`+86 139…` is 13 digits) and police receipt / stop-payment numbers.
 */
export const PAN_EXEMPT = [...DEFAULT_PAN_EXEMPT_KEYS, 'phone', 'policeReceiptNumber', 'policeStopPaymentInstruction'];

/** The paths of a report holding what looks like a full card number (the report is refused, never stored). */
export function panPaths(dto: CreateReportDto): string[] {
  const paths = findPanPaths(dto, PAN_EXEMPT);
  dto.transactions?.forEach((t, i) => {
    const path = `transactions.${i}.maskedPan`;
    if (typeof t.maskedPan === 'string' && isUnmaskedPan(t.maskedPan) && !paths.includes(path)) paths.push(path);
  });
  return paths;
}

/** Masked PANs that keep more than the first 6 and last 4 digits. */
export function maskedPanErrors(dto: CreateReportDto): FieldErrors {
  const bad: FieldErrors = {};
  dto.transactions?.forEach((t, i) => {
    if (!isValidMaskedPan(t.maskedPan)) bad[`transactions.${i}.maskedPan`] = { code: 'PATTERN', message: 'must keep at most the first 6 and last 4 digits, e.g. 622848******1234' };
  });
  return bad;
}

const toUtc = (v: string | undefined) => (v ? new Date(v).toISOString() : v);

/** Times are "ISO 8601 with offset in, UTC Z out" (docs/api.md): stored reports keep them in UTC with milliseconds. */
export function utcTimes(dto: CreateReportDto): CreateReportDto {
  return {
    ...dto,
    occurredAt: toUtc(dto.occurredAt),
    receivedAt: toUtc(dto.receivedAt),
    firstSuspiciousAt: toUtc(dto.firstSuspiciousAt),
    lastGoodTransactionAt: toUtc(dto.lastGoodTransactionAt),
    transactions: dto.transactions?.map((t) => ({ ...t, at: toUtc(t.at)! })),
  };
}

/**
 * The report as the intake plans receive it, built from a validated body and what intake found out (the normalised
 * SN, the bank, identifiers, who filed it): one shape for POST /api/reports, the batch and the historical import.
 */
export function incomingReportOf(
  dto: CreateReportDto,
  found: Omit<ReportRecord, 'channel' | 'misuseType' | 'payload'> & { merchantId: string | null; tid: string | null },
): IncomingReport {
  const { sn, bankCode } = found;
  return {
    record: {
      id: found.id,
      sn,
      channel: dto.channel,
      misuseType: dto.misuseType,
      bankCode,
      payload: { ...utcTimes(dto), sn, ...(bankCode ? { bankCode } : {}) },
      receivedAt: found.receivedAt,
      submittedBy: found.submittedBy,
      idempotency: found.idempotency,
      ...(found.externalId !== undefined ? { externalId: found.externalId } : {}),
    },
    channel: dto.channel,
    misuseType: dto.misuseType,
    merchantId: found.merchantId,
    merchantName: dto.merchantName ?? null,
    tid: found.tid,
    amountAtRisk: dto.amountAtRisk ?? null,
    priority: {
      misuseType: dto.misuseType,
      deviceWithMerchant: dto.deviceWithMerchant,
      policeStopPayment: !!dto.policeStopPaymentInstruction,
      amountAtRisk: dto.amountAtRisk ?? null,
      transactions: dto.transactions ?? [],
    },
  };
}
