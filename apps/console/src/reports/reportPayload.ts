import { isValidSn, normaliseSn, type CreateReportRequest, type EntryMode, type MisuseType, type ReporterRelationship } from '@sentinel/contracts';
import { currencyFractionDigits } from '../format/formatters';

/** The channels people may report on (docs/api.md "Who may trigger the automatic freeze"); machine channels belong to intake clients. */
export const STAFF_CHANNELS = ['merchant_call', 'cardholder'] as const;
export type StaffChannel = (typeof STAFF_CHANNELS)[number];

/** What the "New report" form holds: amounts as typed (major units), the SN as typed. */
export interface ReportFormValues {
  sn?: string;
  channel?: StaffChannel;
  misuseType?: MisuseType;
  bankCode?: string;
  merchantId?: string;
  merchantName?: string;
  terminalId?: string;
  terminalModel?: string;
  amount?: string;
  currency?: string;
  reporterName?: string;
  reporterPhone?: string;
  reporterRelationship?: ReporterRelationship;
  deviceWithMerchant?: 'yes' | 'no' | 'unknown' | '';
  firstSuspiciousAt?: string | null;
  policeReceiptNumber?: string;
  policeStopPaymentInstruction?: string;
  description?: string;
  transactions?: Array<{ at?: string | null; amount?: string; maskedPan?: string; entryMode?: EntryMode | '' }>;
}

export type Parsed = { ok: true; body: CreateReportRequest } | { ok: false; errors: Record<string, string> };

/**
 * A decimal amount as typed (full-width digits from a Chinese input method, spaces and thousands commas
 * allowed) to integer minor units of `currency`, exactly (string arithmetic, no floating point). Null when it
 * is not an amount with at most the currency's minor digits.
 */
export function majorToMinor(typed: string, currency: string): number | null {
  const s = typed.normalize('NFKC').replace(/[\s,]/g, '');
  const digits = currencyFractionDigits(currency);
  const m = /^(\d+)(?:\.(\d*))?$/.exec(s);
  if (!m) return null;
  const frac = m[2] ?? '';
  if (frac.length > digits) return null;
  const minor = BigInt(m[1] + frac.padEnd(digits, '0'));
  return minor <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(minor) : null;
}

const text = (v: string | undefined | null) => {
  const s = (v ?? '').trim();
  return s ? s : undefined;
};

/** The SN as it will be stored, and whether that is a valid SN. */
export function snPreview(typed: string | undefined | null): { sn: string; valid: boolean } {
  const sn = normaliseSn(typed ?? '');
  return { sn, valid: isValidSn(sn) };
}

/**
 * The body of POST /api/reports from the form: the SN normalised as shown, empty fields left out, amounts in
 * minor units. Field errors (keyed by input) for what cannot be sent; the API still judges everything else.
 */
export function toReportRequest(v: ReportFormValues): Parsed {
  const errors: Record<string, string> = {};
  const { sn, valid } = snPreview(v.sn);
  if (!valid) errors.sn = 'intake.sn_invalid';
  if (!v.channel || !STAFF_CHANNELS.includes(v.channel)) errors.channel = 'ra.validation.required';
  if (!v.misuseType) errors.misuseType = 'ra.validation.required';
  const currency = (text(v.currency) ?? 'CNY').toUpperCase();
  let amountAtRisk: CreateReportRequest['amountAtRisk'];
  if (text(v.amount)) {
    const minor = majorToMinor(v.amount!, currency);
    if (minor === null) errors.amount = 'intake.amount_invalid';
    else amountAtRisk = { minor, currency };
  }
  const transactions: NonNullable<CreateReportRequest['transactions']> = [];
  (v.transactions ?? []).forEach((tx, i) => {
    if (!tx || (!tx.at && !text(tx.amount) && !text(tx.maskedPan))) return;
    const minor = text(tx.amount) ? majorToMinor(tx.amount!, currency) : null;
    if (minor === null) errors[`transactions.${i}.amount`] = 'intake.amount_invalid';
    if (!tx.at) errors[`transactions.${i}.at`] = 'ra.validation.required';
    if (!text(tx.maskedPan)) errors[`transactions.${i}.maskedPan`] = 'ra.validation.required';
    if (minor !== null && tx.at && text(tx.maskedPan)) {
      transactions.push({ at: tx.at, amount: { minor, currency }, maskedPan: text(tx.maskedPan)!, ...(tx.entryMode ? { entryMode: tx.entryMode } : {}) });
    }
  });
  if (Object.keys(errors).length) return { ok: false, errors };
  const reporter = {
    ...(text(v.reporterName) ? { name: text(v.reporterName) } : {}),
    ...(text(v.reporterPhone) ? { phone: text(v.reporterPhone) } : {}),
    ...(v.reporterRelationship ? { relationship: v.reporterRelationship } : {}),
  };
  const body: CreateReportRequest = {
    sn,
    channel: v.channel!,
    misuseType: v.misuseType!,
    ...(text(v.bankCode) ? { bankCode: text(v.bankCode) } : {}),
    ...(text(v.merchantId) ? { merchantId: text(v.merchantId) } : {}),
    ...(text(v.merchantName) ? { merchantName: text(v.merchantName) } : {}),
    ...(text(v.terminalId) ? { terminalId: text(v.terminalId) } : {}),
    ...(text(v.terminalModel) ? { terminalModel: text(v.terminalModel) } : {}),
    ...(amountAtRisk ? { amountAtRisk } : {}),
    ...(Object.keys(reporter).length ? { reporter } : {}),
    ...(v.deviceWithMerchant === 'yes' ? { deviceWithMerchant: true } : v.deviceWithMerchant === 'no' ? { deviceWithMerchant: false } : {}),
    ...(v.firstSuspiciousAt ? { firstSuspiciousAt: v.firstSuspiciousAt } : {}),
    ...(text(v.policeReceiptNumber) ? { policeReceiptNumber: text(v.policeReceiptNumber) } : {}),
    ...(text(v.policeStopPaymentInstruction) ? { policeStopPaymentInstruction: text(v.policeStopPaymentInstruction) } : {}),
    ...(text(v.description) ? { description: text(v.description) } : {}),
    ...(transactions.length ? { transactions } : {}),
  };
  return { ok: true, body };
}

/** Field errors of the API's 422 (`errors` keyed by body path) moved onto the form's inputs. */
export function formErrorsFromApi(errors: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!errors) return undefined;
  const map: Record<string, string> = {
    amountAtRisk: 'amount',
    'amountAtRisk.minor': 'amount',
    'amountAtRisk.currency': 'currency',
    'reporter.name': 'reporterName',
    'reporter.phone': 'reporterPhone',
    'reporter.relationship': 'reporterRelationship',
  };
  const out: Record<string, string> = {};
  for (const [k, msg] of Object.entries(errors)) {
    const tx = /^transactions\.(\d+)\.amount(\..*)?$/.exec(k);
    out[tx ? `transactions.${tx[1]}.amount` : (map[k] ?? k)] = msg;
  }
  return out;
}
