import type { Money } from './common';
import type { EntryMode, MisuseType, ReportChannel, ReporterRelationship } from './enums';

export interface ReportTransaction {
  at: string;
  amount: Money;
  maskedPan: string;
  entryMode?: EntryMode;
  rrn?: string;
  authCode?: string;
  /** Where the transaction happened, if known (used by the "two places within an hour" signal). */
  location?: { lat?: number; lon?: number; address?: string };
}

export interface CreateReportRequest {
  sn: string;
  channel: ReportChannel;
  misuseType: MisuseType;
  merchantId?: string;
  merchantName?: string;
  terminalId?: string;
  bankCode?: string;
  terminalModel?: string;
  amountAtRisk?: Money;
  reporter?: { name?: string; phone?: string; email?: string; relationship?: ReporterRelationship };
  registeredMcc?: string;
  observedMcc?: string;
  lastKnownLocation?: { lat?: number; lon?: number; address?: string };
  lastGoodTransactionAt?: string;
  firstSuspiciousAt?: string;
  deviceWithMerchant?: boolean;
  policeReceiptNumber?: string;
  /** A police stop-payment instruction (止付) is attached: top priority. */
  policeStopPaymentInstruction?: string;
  transactions?: ReportTransaction[];
  description?: string;
  occurredAt?: string;
  receivedAt?: string;
}

export interface CreateReportResponse {
  id: string;
  caseId: string;
  caseReference: string;
  linkedToExisting: boolean;
}

/** `POST /api/reports/batch`: each item is a report plus its required idempotency key (not part of its hashed body). */
export interface BatchReportsRequest {
  reports: Array<CreateReportRequest & { idempotencyKey: string }>;
}

/** One item's outcome: the status it would have had alone, and its answer or its problem. */
export interface BatchReportResult {
  index: number;
  status: number;
  id?: string;
  caseId?: string;
  caseReference?: string;
  linkedToExisting?: boolean;
  /** true when the item's key had already been answered (the single POST's `Idempotent-Replayed`) */
  replayed?: boolean;
  code?: string;
  message?: string;
  /** field path → message, and field path → stable field code (as in problem+json) */
  errors?: Record<string, string>;
  fieldCodes?: Record<string, string>;
}

export interface BatchReportsResponse {
  results: BatchReportResult[];
}

export interface ReportView extends CreateReportRequest {
  id: string;
  caseId: string;
  caseReference: string;
  receivedAt: string;
  createdAt: string;
  submittedBy: { id: string; role: string };
}
