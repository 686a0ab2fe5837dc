/** A thin HTTP client of the real API for fixtures and for checking what the UI did. */
export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export class ApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${method} ${path} → ${status} ${JSON.stringify(body)}`);
  }
}

export class Api {
  constructor(readonly base: string) {}

  async call<T = any>(method: string, path: string, token: string | null, body?: unknown): Promise<ApiResponse<T>> {
    const isForm = body instanceof FormData;
    const res = await fetch(this.base + path, {
      method,
      headers: {
        accept: 'application/json',
        ...(body !== undefined && !isForm ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  async must<T = any>(method: string, path: string, token: string | null, body?: unknown): Promise<T> {
    const r = await this.call<T>(method, path, token, body);
    if (r.status < 200 || r.status >= 300) throw new ApiError(method, path, r.status, r.body);
    return r.body;
  }

  get = <T = any>(path: string, token: string) => this.must<T>('GET', path, token);
  post = <T = any>(path: string, token: string | null, body: unknown = {}) => this.must<T>('POST', path, token, body);

  async login(email: string, password: string): Promise<string> {
    return (await this.post<{ token: string }>('/api/auth/login', null, { email, password })).token;
  }

  list<T = any>(path: string, token: string, filter?: Record<string, unknown>, range: [number, number] = [0, 999]): Promise<T[]> {
    const q = new URLSearchParams({ range: JSON.stringify(range) });
    if (filter) q.set('filter', JSON.stringify(filter));
    return this.get<T[]>(`${path}?${q}`, token);
  }

  /** The total of a list (ra-data-simple-rest `Content-Range: <resource> 0-0/<total>`). */
  async total(path: string, token: string, filter?: Record<string, unknown>): Promise<number> {
    const q = new URLSearchParams({ range: '[0,0]' });
    if (filter) q.set('filter', JSON.stringify(filter));
    const r = await this.call('GET', `${path}?${q}`, token);
    if (r.status !== 200) throw new ApiError('GET', path, r.status, r.body);
    return Number((r.headers.get('content-range') ?? '').split('/').pop());
  }

  getCase(id: string, token: string) {
    return this.get(`/api/cases/${id}`, token);
  }

  /** A case action with the case's current version (read first unless given). */
  async act(caseId: string, token: string, action: string, payload: Record<string, unknown> = {}, version?: number) {
    const v = version ?? (await this.getCase(caseId, token)).version;
    return this.post(`/api/cases/${caseId}/actions/${action}`, token, { version: v, ...payload });
  }

  async upload(caseId: string, token: string, type: string, fileName: string, content: Buffer | string, mediaType: string) {
    const form = new FormData();
    form.append('type', type);
    form.append('file', new Blob([typeof content === 'string' ? content : new Uint8Array(content)], { type: mediaType }), fileName);
    return this.must('POST', `/api/cases/${caseId}/evidence`, token, form);
  }
}
