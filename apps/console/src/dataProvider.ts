import simpleRestProvider from 'ra-data-simple-rest';
import type { DataProvider, Identifier } from 'react-admin';
import type { AlertChannel, AlertDeliveryView, AlertPreferencesUpdate, AlertPreferencesView, RobotChannel, RobotEndpointUpdate, RobotEndpointView, AllowedAction, AuditCheckpoint, AuditVerifyResult, BulkResult, CaseEventView, CaseView, CreateReportRequest, CreateReportResponse, EvidenceView, ImportView, SlaSummary, SlaSummaryQuery, WorkloadRow } from '@sentinel/contracts';
import { CSRF_HEADER } from '@sentinel/contracts';
import { session } from './session';
import { toHttpError } from './problem/problem';

/**
 * The console's only door to the API (docs/api.md). It maps REST calls and converts problem+json
 * into react-admin HttpErrors; it holds no business rule.
 */
export const API_URL = '/api';

export interface HttpResult<T = unknown> {
  status: number;
  headers: Headers;
  body: string;
  json: T;
}

export interface HttpOptions extends Omit<RequestInit, 'headers'> {
  headers?: HeadersInit;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The session travels as the API's HttpOnly cookie (sent by the browser, never seen here); a write (POST, PUT, PATCH,
 * DELETE) also echoes the readable `sn_csrf` cookie as `X-CSRF-Token` (docs/api.md "Auth").
 */
export function withCsrf(headers: Headers, method: string | undefined): Headers {
  const csrf = session.csrfToken();
  if (csrf && !SAFE_METHODS.has((method ?? 'GET').toUpperCase()) && !headers.has(CSRF_HEADER)) headers.set(CSRF_HEADER, csrf);
  return headers;
}

export async function httpClient<T = unknown>(url: string, options: HttpOptions = {}): Promise<HttpResult<T>> {
  const headers = new Headers(options.headers ?? {});
  if (!headers.has('Accept')) headers.set('Accept', 'application/json');
  if (options.body != null && !(options.body instanceof FormData) && !headers.has('Content-Type')) {
    headers.set('Content-Type', 'application/json');
  }
  withCsrf(headers, options.method);
  const response = await fetch(url, { ...options, headers, credentials: 'same-origin' });
  const text = response.status === 204 ? '' : await response.text();
  let json: unknown = undefined;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  if (response.status < 200 || response.status >= 300) {
    throw toHttpError(response.status, response.statusText, json, response.headers);
  }
  return { status: response.status, headers: response.headers, body: text, json: json as T };
}

const json = (body: unknown): HttpOptions => ({ method: 'POST', body: JSON.stringify(body ?? {}) });
const enc = encodeURIComponent;

/** Wire shapes of the SLA read models (libs/contracts). */
export type SlaSummaryParams = SlaSummaryQuery;
export type { SlaSummary };
export type LoadRow = WorkloadRow;
/** POST /api/cases/:id/evidence answers with the evidence item (libs/contracts). */
export type EvidenceUploadResult = EvidenceView;
export interface ApiKeyCreated {
  id: string;
  name: string;
  key: string;
  bankCodes: string[] | null;
  channels: string[] | null;
  autoFreeze?: boolean;
  createdAt: string;
}
export interface ApiKeyRow {
  id: string;
  name: string;
  keyPrefix?: string;
  bankCodes: string[] | null;
  channels: string[] | null;
  /** the key's reports request the freeze at opening */
  autoFreeze?: boolean;
  /** names bank codes (an old key without them never triggers the freeze) */
  bound?: boolean;
  createdAt: string;
  lastUsedAt?: string | null;
  expiresAt?: string | null;
  revokedAt?: string | null;
}

export interface SentinelDataProvider extends DataProvider {
  caseAction(id: Identifier, action: AllowedAction | string, payload: Record<string, unknown>): Promise<CaseView>;
  claimNext(queueId?: Identifier | null): Promise<CaseView | null>;
  bulk(ids: Identifier[], action: 'assign' | 'close_early', payload: Record<string, unknown>): Promise<BulkResult[]>;
  uploadEvidence(
    caseId: Identifier,
    file: File,
    type: string,
    description: string | undefined,
    onProgress?: (loaded: number, total: number) => void,
    signal?: AbortSignal,
  ): Promise<EvidenceUploadResult>;
  downloadEvidence(evidenceId: Identifier): Promise<Blob>;
  removeEvidence(evidenceId: Identifier, reason: string): Promise<unknown>;
  getCaseEvents(id: Identifier): Promise<CaseEventView[]>;
  retryNotification(id: Identifier): Promise<unknown>;
  /** POST /api/admin/queues-session: sets the queue board's cookie for this session; returns the board's URL (no token in it). */
  openQueueBoard(): Promise<{ url: string; expiresAt: string }>;
  /** `emergency`: every older secret ends at once (the secret leaked). */
  rotateBankSecret(id: Identifier, emergency?: boolean): Promise<{ secret: string; previousSecretExpiresAt: string | null }>;
  listApiKeys(userId: Identifier): Promise<ApiKeyRow[]>;
  createApiKey(userId: Identifier, body: { name: string; bankCodes: string[]; channels: string[]; autoFreeze: boolean; expiresAt?: string }): Promise<ApiKeyCreated>;
  revokeApiKey(id: Identifier): Promise<void>;
  /** POST /api/watchlist/:id/remove { reason } (supervisors; audited). */
  removeWatchlistEntry(id: Identifier, reason: string): Promise<unknown>;
  revealTerminalField(id: Identifier, field: string, reason: string): Promise<{ field: string; value: string }>;
  revealReporterField(reportId: Identifier, field: 'phone' | 'email', reason: string): Promise<{ field: string; value: string | null }>;
  alertsUnreadCount(): Promise<number>;
  markAlertRead(id: Identifier): Promise<void>;
  markAllAlertsRead(): Promise<void>;
  getAlertPreferences(): Promise<AlertPreferencesView>;
  saveAlertPreferences(body: AlertPreferencesUpdate): Promise<AlertPreferencesView>;
  saveAlertRobot(channel: RobotChannel, body: RobotEndpointUpdate): Promise<RobotEndpointView>;
  removeAlertRobot(channel: RobotChannel): Promise<void>;
  testAlertChannel(channel: AlertChannel): Promise<AlertDeliveryView>;
  alertDeliveries(ids?: string[]): Promise<AlertDeliveryView[]>;
  slaSummary(params?: SlaSummaryParams): Promise<SlaSummary>;
  statsLoad(): Promise<LoadRow[]>;
  updateMe(body: { name?: string; locale?: string; timeZone?: string }): Promise<unknown>;
  /** GET /api/audit/export as a stream (the caller reads it for progress and may abort). */
  openAuditExport(query: Record<string, string>, signal: AbortSignal): Promise<Response>;
  verifyAudit(query: Record<string, string>): Promise<AuditVerifyResult>;
  listCheckpoints(): Promise<AuditCheckpoint[]>;
  createCheckpoint(): Promise<AuditCheckpoint>;
  /** An authorised GET of a file (dossier, public key, checkpoint leaves) as a Blob. */
  downloadFile(path: string): Promise<Blob>;
  /** POST /api/reports with an `Idempotency-Key`: the same key and body again replays the first answer. */
  createReport(body: CreateReportRequest, idempotencyKey: string): Promise<CreateReportResponse & { replayed: boolean }>;
  /** POST /api/imports (admin, multipart `file`) → 202 with the import, which then runs in the background. */
  startImport(file: File, onProgress?: (loaded: number, total: number) => void, signal?: AbortSignal): Promise<ImportView>;
  /** GET /api/imports/:id: counts and refused rows while and after it runs. */
  getImport(id: string): Promise<ImportView>;
}

/** A GET with the session's cookie whose body the caller reads (files, streams); problem+json → HttpError. */
async function authorisedGet(url: string, signal?: AbortSignal): Promise<Response> {
  const response = await fetch(url, { credentials: 'same-origin', signal });
  if (!response.ok) {
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    throw toHttpError(response.status, response.statusText, body, response.headers);
  }
  return response;
}

/** Multipart upload through XMLHttpRequest, the one browser API that reports upload progress. */
function uploadWithProgress(
  url: string,
  form: FormData,
  onProgress?: (loaded: number, total: number) => void,
  signal?: AbortSignal,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    const csrf = session.csrfToken();
    if (csrf) xhr.setRequestHeader(CSRF_HEADER, csrf);
    xhr.upload.onprogress = (e) => {
      if (onProgress) onProgress(e.loaded, e.lengthComputable ? e.total : 0);
    };
    xhr.onload = () => {
      let body: unknown = undefined;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body);
      else {
        const headers = { get: (name: string) => xhr.getResponseHeader(name) };
        reject(toHttpError(xhr.status, xhr.statusText, body, headers));
      }
    };
    xhr.onerror = () => reject(new TypeError('Network request failed'));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    if (signal) signal.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}

/**
 * react-admin drops `null` from filter forms, so "unassigned" travels as this token from the
 * filter input to here, where it becomes the API's `assigneeId: null`.
 */
export const UNASSIGNED = '__unassigned__';

function mapCaseFilter(filter: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!filter || filter.assigneeId !== UNASSIGNED) return filter;
  return { ...filter, assigneeId: null };
}

export function createDataProvider(apiUrl: string = API_URL, client: typeof httpClient = httpClient): SentinelDataProvider {
  const base = simpleRestProvider(apiUrl, client as never);
  return {
    ...base,
    getList(resource, params) {
      return base.getList(resource, resource === 'cases' ? { ...params, filter: mapCaseFilter(params.filter) } : params);
    },
    async caseAction(id, action, payload) {
      const r = await client<CaseView>(`${apiUrl}/cases/${enc(String(id))}/actions/${enc(action)}`, json(payload));
      return r.json;
    },
    async claimNext(queueId) {
      const r = await client<CaseView>(`${apiUrl}/cases/claim-next`, json(queueId ? { queueId } : {}));
      return r.status === 204 || !r.json ? null : r.json;
    },
    async bulk(ids, action, payload) {
      const r = await client<BulkResult[] | { results: BulkResult[] }>(`${apiUrl}/cases/bulk`, json({ ids, action, payload }));
      return Array.isArray(r.json) ? r.json : (r.json?.results ?? []);
    },
    async uploadEvidence(caseId, file, type, description, onProgress, signal) {
      const form = new FormData();
      form.append('type', type);
      if (description) form.append('description', description);
      form.append('file', file, file.name);
      return (await uploadWithProgress(`${apiUrl}/cases/${enc(String(caseId))}/evidence`, form, onProgress, signal)) as EvidenceUploadResult;
    },
    async downloadEvidence(evidenceId) {
      return (await authorisedGet(`${apiUrl}/evidence/${enc(String(evidenceId))}/content`)).blob();
    },
    async openAuditExport(query, signal) {
      return authorisedGet(`${apiUrl}/audit/export?${new URLSearchParams(query).toString()}`, signal);
    },
    async verifyAudit(query) {
      return (await client<AuditVerifyResult>(`${apiUrl}/audit/verify?${new URLSearchParams(query).toString()}`)).json;
    },
    async listCheckpoints() {
      return (await client<AuditCheckpoint[]>(`${apiUrl}/audit/checkpoints?range=${enc('[0,19]')}`)).json ?? [];
    },
    async createCheckpoint() {
      return (await client<AuditCheckpoint>(`${apiUrl}/audit/checkpoints`, json({}))).json;
    },
    async downloadFile(path) {
      return (await authorisedGet(`${apiUrl}${path}`)).blob();
    },
    async removeEvidence(evidenceId, reason) {
      return (await client(`${apiUrl}/evidence/${enc(String(evidenceId))}/remove`, json({ reason }))).json;
    },
    async getCaseEvents(id) {
      return (await client<CaseEventView[]>(`${apiUrl}/cases/${enc(String(id))}/events`)).json ?? [];
    },
    async retryNotification(id) {
      return (await client(`${apiUrl}/notifications/${enc(String(id))}/retry`, json({}))).json;
    },
    async openQueueBoard() {
      return (await client<{ url: string; expiresAt: string }>(`${apiUrl}/admin/queues-session`, json({}))).json;
    },
    async rotateBankSecret(id, emergency = false) {
      return (await client<{ secret: string; previousSecretExpiresAt: string | null }>(`${apiUrl}/banks/${enc(String(id))}/rotate-secret`, json(emergency ? { emergency: true } : {}))).json;
    },
    async listApiKeys(userId) {
      return (await client<ApiKeyRow[]>(`${apiUrl}/users/${enc(String(userId))}/api-keys`)).json ?? [];
    },
    async createApiKey(userId, body) {
      return (await client<ApiKeyCreated>(`${apiUrl}/users/${enc(String(userId))}/api-keys`, json(body))).json;
    },
    async revokeApiKey(id) {
      await client(`${apiUrl}/api-keys/${enc(String(id))}`, { method: 'DELETE' });
    },
    async removeWatchlistEntry(id, reason) {
      return (await client(`${apiUrl}/watchlist/${enc(String(id))}/remove`, json({ reason }))).json;
    },
    async revealReporterField(reportId, field, reason) {
      return (await client<{ field: string; value: string | null }>(`${apiUrl}/reports/${enc(String(reportId))}/reveal`, json({ field, reason }))).json;
    },
    async revealTerminalField(id, field, reason) {
      return (await client<{ field: string; value: string }>(`${apiUrl}/terminals/${enc(String(id))}/reveal`, json({ field, reason }))).json;
    },
    async alertsUnreadCount() {
      const r = await client<{ count: number }>(`${apiUrl}/alerts/unread-count`);
      return r.json?.count ?? 0;
    },
    async markAlertRead(id) {
      await client(`${apiUrl}/alerts/${enc(String(id))}/read`, json({}));
    },
    async markAllAlertsRead() {
      await client(`${apiUrl}/alerts/read-all`, json({}));
    },
    async getAlertPreferences() {
      return (await client<AlertPreferencesView>(`${apiUrl}/me/alert-preferences`)).json;
    },
    async saveAlertPreferences(body) {
      return (await client<AlertPreferencesView>(`${apiUrl}/me/alert-preferences`, { method: 'PUT', body: JSON.stringify(body) })).json;
    },
    async saveAlertRobot(channel, body) {
      return (await client<RobotEndpointView>(`${apiUrl}/me/alert-channels/${enc(channel)}`, { method: 'PUT', body: JSON.stringify(body) })).json;
    },
    async removeAlertRobot(channel) {
      await client(`${apiUrl}/me/alert-channels/${enc(channel)}`, { method: 'DELETE' });
    },
    async testAlertChannel(channel) {
      return (await client<AlertDeliveryView>(`${apiUrl}/me/alert-channels/${enc(channel)}/test`, json({}))).json;
    },
    async alertDeliveries(ids) {
      const q = ids ? `filter=${enc(JSON.stringify({ id: ids }))}` : `range=${enc('[0,9]')}`;
      return (await client<AlertDeliveryView[]>(`${apiUrl}/me/alert-deliveries?${q}`)).json ?? [];
    },
    async slaSummary(params = {}) {
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(params)) if (v != null && v !== '') q.set(k, String(v));
      const qs = q.toString();
      return (await client<SlaSummary>(`${apiUrl}/sla/summary${qs ? `?${qs}` : ''}`)).json;
    },
    async statsLoad() {
      const r = await client<LoadRow[]>(`${apiUrl}/stats/load`);
      return Array.isArray(r.json) ? r.json : [];
    },
    async updateMe(body) {
      return (await client(`${apiUrl}/auth/me`, { method: 'PUT', body: JSON.stringify(body) })).json;
    },
    async createReport(body, idempotencyKey) {
      const r = await client<CreateReportResponse>(`${apiUrl}/reports`, { method: 'POST', body: JSON.stringify(body), headers: { 'Idempotency-Key': idempotencyKey } });
      return { ...r.json, replayed: r.headers.get('Idempotent-Replayed') === 'true' };
    },
    async startImport(file, onProgress, signal) {
      const form = new FormData();
      form.append('file', file, file.name);
      return (await uploadWithProgress(`${apiUrl}/imports`, form, onProgress, signal)) as ImportView;
    },
    async getImport(id) {
      return (await client<ImportView>(`${apiUrl}/imports/${enc(id)}`)).json;
    },
  };
}

export const dataProvider = createDataProvider();
