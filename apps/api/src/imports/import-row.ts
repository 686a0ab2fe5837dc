import { randomUUID } from 'node:crypto';
import { plainToInstance } from 'class-transformer';
import { isISO8601, validateSync } from 'class-validator';
import { OUTCOMES, type FieldCode, type ImportRowError, type Outcome } from '@sentinel/contracts';
import { DomainError, findPanPaths, normaliseSn, parseSn, type IncomingReport } from '@sentinel/domain';
import { flattenValidationErrors } from '../common/validation.pipe';
import { CreateReportDto } from '../reports/create-report.dto';
import { incomingReportOf, maskedPanErrors, PAN_EXEMPT, panPaths } from '../reports/report-checks';

/** One refused row of an import: its number (1 = the first row after the header), the field and its field code. */
export type ImportError = ImportRowError;

/** A row that passed every check: what the plan needs. */
export interface ImportRowOk {
  row: number;
  externalId: string;
  dto: CreateReportDto;
  sn: string;
  bankCode: string | null;
  merchantId: string | null;
  tid: string | null;
  receivedAt: Date | null;
  occurredAt: Date | null;
  closing: { outcome: Outcome; closedAt: Date } | null;
}

/** The file itself is unusable (a column that is not a report field, no `externalId` column): nothing is imported. */
export class ImportFileError extends Error {}

/** Columns holding numbers or booleans (CSV cells are text). */
const NUMBER_COLUMNS = new Set(['amountAtRisk.minor', 'lastKnownLocation.lat', 'lastKnownLocation.lon']);
const BOOLEAN_COLUMNS = new Set(['deviceWithMerchant']);
/** A JSON array of transactions as POST /api/reports takes them. */
const JSON_COLUMNS = new Set(['transactions']);
const IMPORT_ONLY_COLUMNS = ['externalId', 'status', 'outcome', 'closedAt'];

/** The report fields of POST /api/reports as columns (nested fields dotted), plus the import's own. */
export const IMPORT_COLUMNS: readonly string[] = [
  'sn',
  'channel',
  'misuseType',
  'merchantId',
  'merchantName',
  'terminalId',
  'bankCode',
  'terminalModel',
  'amountAtRisk.minor',
  'amountAtRisk.currency',
  'reporter.name',
  'reporter.phone',
  'reporter.email',
  'reporter.relationship',
  'registeredMcc',
  'observedMcc',
  'lastKnownLocation.lat',
  'lastKnownLocation.lon',
  'lastKnownLocation.address',
  'lastGoodTransactionAt',
  'firstSuspiciousAt',
  'deviceWithMerchant',
  'policeReceiptNumber',
  'policeStopPaymentInstruction',
  'transactions',
  'description',
  'occurredAt',
  'receivedAt',
  ...IMPORT_ONLY_COLUMNS,
];
const KNOWN = new Set(IMPORT_COLUMNS);

const EXTERNAL_ID_RE = /^[\x21-\x7e]{1,200}$/;
const ISO_TIME = { strict: true, strictSeparator: true } as const;

/** The header row: every column a known one, `externalId` among them, none twice. */
export function checkHeader(columns: string[]): string[] {
  const unknown = columns.filter((c) => !KNOWN.has(c));
  if (unknown.length) throw new ImportFileError(`unknown column${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')} (columns: ${IMPORT_COLUMNS.join(', ')})`);
  const twice = columns.filter((c, i) => columns.indexOf(c) !== i);
  if (twice.length) throw new ImportFileError(`column given twice: ${twice.join(', ')}`);
  if (!columns.includes('externalId')) throw new ImportFileError('the externalId column is required');
  return columns;
}

/** A CSV record → the report as POST /api/reports would receive it (empty cells are absent; dotted columns nest). */
function toBody(record: Record<string, string | undefined>): { body: Record<string, unknown>; errors: Array<[string, FieldCode]> } {
  const body: Record<string, unknown> = {};
  const errors: Array<[string, FieldCode]> = [];
  for (const [column, raw] of Object.entries(record)) {
    if (raw === undefined || raw === '' || IMPORT_ONLY_COLUMNS.includes(column)) continue;
    let value: unknown = raw;
    if (NUMBER_COLUMNS.has(column) && /^-?\d+(\.\d+)?$/.test(raw.trim())) value = Number(raw.trim());
    if (BOOLEAN_COLUMNS.has(column) && /^(true|false)$/i.test(raw.trim())) value = raw.trim().toLowerCase() === 'true';
    if (JSON_COLUMNS.has(column)) {
      try {
        value = JSON.parse(raw);
      } catch {
        errors.push([column, 'INVALID_TYPE']);
        continue;
      }
    }
    const [head, tail] = column.split('.');
    if (tail === undefined) body[head] = value;
    else body[head] = { ...((body[head] as Record<string, unknown> | undefined) ?? {}), [tail]: value };
  }
  return { body, errors };
}

/**
 * One row judged exactly as POST /api/reports judges a report (the DTO's class-validator rules, the SN's
 * normalisation and pattern, PAN refusal, masked PANs) plus the import's columns. The import is not a reporter:
 * channel and key rules of the caller's credential do not apply. `now` bounds `closedAt`.
 */
export function parseImportRow(record: Record<string, string | undefined>, row: number, now: Date): { ok: ImportRowOk } | { errors: ImportError[] } {
  const { body, errors: cellErrors } = toBody(record);
  const fields = new Map<string, FieldCode>(cellErrors);
  const put = (field: string, code: FieldCode) => {
    if (!fields.has(field)) fields.set(field, code);
  };

  const externalId = record.externalId ?? '';
  if (!externalId) put('externalId', 'REQUIRED');
  else if (externalId.length > 200) put('externalId', 'TOO_LONG');
  else if (!EXTERNAL_ID_RE.test(externalId)) put('externalId', 'PATTERN');

  const dto = plainToInstance(CreateReportDto, body);
  const found = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: true } });
  const flat = flattenValidationErrors(found);
  for (const path of flat.unknown) put(path, 'NOT_ALLOWED');
  for (const [path, e] of Object.entries(flat.fields)) put(path, e.code as FieldCode);

  let sn = '';
  if (!fields.has('sn')) {
    try {
      sn = parseSn(dto.sn);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      for (const [path, f] of Object.entries(e.fields ?? { sn: { code: 'PATTERN' } })) put(path, f.code as FieldCode);
    }
  }
  // A full card number is named even when other fields fail (the row is refused either way, never stored).
  let pans: string[];
  try {
    pans = panPaths(dto);
  } catch {
    pans = findPanPaths(dto, PAN_EXEMPT); // transactions that are not a list of objects (refused above)
  }
  for (const path of pans) put(path, 'CARD_NUMBER');
  if (!found.length) for (const [path, e] of Object.entries(maskedPanErrors(dto))) put(path, e.code as FieldCode);

  const closing = closingOf(record, dto, now, put);
  if (fields.size) return { errors: [...fields].map(([field, code]) => ({ row, field, code })) };
  return {
    ok: {
      row,
      externalId,
      dto,
      sn,
      bankCode: dto.bankCode ? dto.bankCode.toUpperCase() : null,
      merchantId: dto.merchantId ? normaliseSn(dto.merchantId) : null,
      tid: dto.terminalId ? normaliseSn(dto.terminalId) : null,
      receivedAt: dto.receivedAt ? new Date(dto.receivedAt) : null,
      occurredAt: dto.occurredAt ? new Date(dto.occurredAt) : null,
      closing,
    },
  };
}

/**
 * `status` (`open` | `closed`; `closed` when an outcome is given), `outcome` and `closedAt` (both required for a
 * closed case; `closedAt` not in the future and not before `receivedAt`).
 */
function closingOf(
  record: Record<string, string | undefined>,
  dto: CreateReportDto,
  now: Date,
  put: (field: string, code: FieldCode) => void,
): { outcome: Outcome; closedAt: Date } | null {
  const status = record.status || (record.outcome ? 'closed' : 'open');
  if (status !== 'open' && status !== 'closed') {
    put('status', 'NOT_ALLOWED');
    return null;
  }
  if (status === 'open') {
    if (record.outcome) put('outcome', 'NOT_ALLOWED');
    if (record.closedAt) put('closedAt', 'NOT_ALLOWED');
    return null;
  }
  const outcome = record.outcome;
  if (!outcome) put('outcome', 'REQUIRED');
  else if (!(OUTCOMES as readonly string[]).includes(outcome)) put('outcome', 'NOT_ALLOWED');
  const closedAtText = record.closedAt;
  let closedAt: Date | null = null;
  if (!closedAtText) put('closedAt', 'REQUIRED');
  else if (!isISO8601(closedAtText, ISO_TIME)) put('closedAt', 'INVALID_TIME');
  else {
    closedAt = new Date(closedAtText);
    if (closedAt.getTime() > now.getTime()) put('closedAt', 'IN_FUTURE');
    else if (dto.receivedAt && isISO8601(dto.receivedAt, ISO_TIME) && closedAt.getTime() < new Date(dto.receivedAt).getTime()) put('closedAt', 'OUT_OF_RANGE');
  }
  return outcome && closedAt && (OUTCOMES as readonly string[]).includes(outcome) ? { outcome: outcome as Outcome, closedAt } : null;
}

/** A valid row as the plan receives it (what the intake builds for POST /api/reports, times kept as given). */
export function incomingReport(r: ImportRowOk, submittedBy: { id: string; role: string }, now: Date): IncomingReport {
  return incomingReportOf(r.dto, {
    id: randomUUID(),
    sn: r.sn,
    bankCode: r.bankCode,
    merchantId: r.merchantId,
    tid: r.tid,
    receivedAt: r.receivedAt ?? now,
    submittedBy: { id: submittedBy.id, role: submittedBy.role, apiKeyId: null },
    idempotency: null,
    externalId: r.externalId,
  });
}
