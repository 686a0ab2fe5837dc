import { HttpError } from 'react-admin';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDataProvider, httpClient, UNASSIGNED } from './dataProvider';
import { authProvider, LOGIN_COOKIE_REFUSED } from './authProvider';
import { session } from './session';

function response(status: number, body?: unknown, headers: Record<string, string> = {}) {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers },
  });
}

const USER = { id: 'u1', email: 'a@b.c', name: 'A', role: 'analyst' as const };

function setCsrfCookie(value: string | null): void {
  document.cookie = value === null ? 'sn_csrf=; Max-Age=0; path=/' : `sn_csrf=${value}; path=/`;
}

/** Everything the browser's localStorage holds, as one string (to look for a token anywhere in it). */
function storageDump(): string {
  return Object.keys(localStorage)
    .map((k) => `${k}=${localStorage.getItem(k)}`)
    .join('\n');
}

describe('dataProvider', () => {
  const fetchMock = vi.fn();
  beforeEach(() => {
    vi.stubGlobal('fetch', fetchMock);
    session.start(USER);
    setCsrfCookie('csrf-abc');
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    fetchMock.mockReset();
    setCsrfCookie(null);
    session.clear();
  });

  it('should send the cookie (no bearer token), echo sn_csrf on writes and turn problem+json into an HttpError keeping code, params and errors', async () => {
    fetchMock.mockResolvedValueOnce(
      response(422, { status: 422, code: 'CASE.EXIT_RULE_UNMET', message: 'Missing police_receipt', params: { missing: ['police_receipt'] }, errors: { type: 'bad' } }),
    );
    const dp = createDataProvider('/api', httpClient);
    const err = await dp.caseAction('c1', 'submit_for_review', { version: 3 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).status).toBe(422);
    expect((err as HttpError).message).toBe('Missing police_receipt');
    expect((err as HttpError).body).toMatchObject({ code: 'CASE.EXIT_RULE_UNMET', params: { missing: ['police_receipt'] }, errors: { type: 'bad' } });
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/cases/c1/actions/submit_for_review');
    expect(init.method).toBe('POST');
    expect(JSON.parse(init.body)).toEqual({ version: 3 });
    expect((init.headers as Headers).get('Authorization')).toBeNull();
    expect((init.headers as Headers).get('X-CSRF-Token')).toBe('csrf-abc');
    expect(init.credentials).toBe('same-origin');
  });

  it('should send no CSRF header on reads, and none when there is no sn_csrf cookie', async () => {
    fetchMock.mockImplementation(async () => response(200, { id: 'c1' }));
    const dp = createDataProvider('/api', httpClient);
    await dp.getOne('cases', { id: 'c1' });
    let init = fetchMock.mock.calls[0][1];
    expect((init.headers as Headers).get('X-CSRF-Token')).toBeNull();
    expect(init.credentials).toBe('same-origin');
    await dp.update('teams', { id: 't1', data: { name: 'x' }, previousData: { id: 't1' } });
    init = fetchMock.mock.calls[1][1];
    expect(init.method).toBe('PUT');
    expect((init.headers as Headers).get('X-CSRF-Token')).toBe('csrf-abc');
    setCsrfCookie(null);
    await dp.delete('teams', { id: 't1', previousData: { id: 't1' } });
    init = fetchMock.mock.calls[2][1];
    expect(init.method).toBe('DELETE');
    expect((init.headers as Headers).get('X-CSRF-Token')).toBeNull();
  });

  it('should upload evidence with credentials and the CSRF header (XMLHttpRequest)', async () => {
    const sent: { headers: Record<string, string>; withCredentials?: boolean; url?: string } = { headers: {} };
    class FakeXhr {
      upload = { onprogress: null as unknown };
      withCredentials = false;
      status = 201;
      statusText = 'Created';
      responseText = JSON.stringify({ id: 'e1' });
      onload: (() => void) | null = null;
      onerror: (() => void) | null = null;
      onabort: (() => void) | null = null;
      open(_method: string, url: string) {
        sent.url = url;
      }
      setRequestHeader(k: string, v: string) {
        sent.headers[k] = v;
      }
      getResponseHeader() {
        return null;
      }
      send() {
        sent.withCredentials = this.withCredentials;
        queueMicrotask(() => this.onload?.());
      }
    }
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    const dp = createDataProvider('/api', httpClient);
    await expect(dp.uploadEvidence('c1', new File(['x'], 'a.csv'), 'other', undefined)).resolves.toEqual({ id: 'e1' });
    expect(sent.url).toBe('/api/cases/c1/evidence');
    expect(sent.withCredentials).toBe(true);
    expect(sent.headers['X-CSRF-Token']).toBe('csrf-abc');
    expect(sent.headers.Authorization).toBeUndefined();
  });

  it('should return null from claimNext on 204 and the case on 200', async () => {
    const dp = createDataProvider('/api', httpClient);
    fetchMock.mockResolvedValueOnce(new Response(null, { status: 204 }));
    await expect(dp.claimNext('q1')).resolves.toBeNull();
    expect(JSON.parse(fetchMock.mock.calls[0][1].body)).toEqual({ queueId: 'q1' });
    fetchMock.mockResolvedValueOnce(response(200, { id: 'c9', reference: 'SNC-2026-000009' }));
    await expect(dp.claimNext()).resolves.toMatchObject({ id: 'c9' });
  });

  it('should read lists the ra-data-simple-rest way and map the unassigned filter to null', async () => {
    fetchMock.mockResolvedValueOnce(response(200, [{ id: 'c1' }], { 'Content-Range': 'cases 0-0/57' }));
    const dp = createDataProvider('/api', httpClient);
    const r = await dp.getList('cases', {
      pagination: { page: 1, perPage: 25 },
      sort: { field: 'dueAt', order: 'ASC' },
      filter: { assigneeId: UNASSIGNED, status: 'open' },
    });
    expect(r.total).toBe(57);
    const url = new URL(fetchMock.mock.calls[0][0], 'http://x');
    expect(url.pathname).toBe('/api/cases');
    expect(JSON.parse(url.searchParams.get('filter')!)).toEqual({ assigneeId: null, status: 'open' });
    expect(JSON.parse(url.searchParams.get('sort')!)).toEqual(['dueAt', 'ASC']);
    expect(JSON.parse(url.searchParams.get('range')!)).toEqual([0, 24]);
  });

  it('should post bulk actions and unwrap per-id results', async () => {
    fetchMock.mockResolvedValueOnce(response(200, [{ id: 'a', ok: true, status: 200 }, { id: 'b', ok: false, status: 403, code: 'CASE.FOUR_EYES' }]));
    const dp = createDataProvider('/api', httpClient);
    const r = await dp.bulk(['a', 'b'], 'close_early', { outcome: 'no_misuse', reason: 'x' });
    expect(r).toHaveLength(2);
    expect(JSON.parse(fetchMock.mock.calls[0][1].body)).toEqual({ ids: ['a', 'b'], action: 'close_early', payload: { outcome: 'no_misuse', reason: 'x' } });
  });
});

describe('session and authProvider (cookie session)', () => {
  const fetchMock = vi.fn();
  beforeEach(() => {
    vi.stubGlobal('fetch', fetchMock);
    localStorage.clear();
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    fetchMock.mockReset();
    setCsrfCookie(null);
    localStorage.clear();
  });

  it('should sign in asking for cookie mode and keep no token in localStorage, only the profile', async () => {
    setCsrfCookie('csrf-set-by-login');
    fetchMock.mockImplementation(async (url: string) =>
      url.endsWith('/auth/login')
        ? response(200, { expiresAt: '2026-01-01T00:00:00.000Z', user: USER })
        : response(200, { ...USER, permissions: ['cases:read'] }),
    );
    await authProvider.login({ email: 'a@b.c', password: 'pw' });
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/auth/login');
    expect((init.headers as Headers).get('X-Session-Mode')).toBe('cookie');
    expect(session.getUser()).toMatchObject({ id: 'u1' });
    expect(localStorage.getItem('sentinel.token')).toBeNull();
    expect(storageDump()).not.toMatch(/sns_|token/i);
    await expect(authProvider.checkAuth({})).resolves.toBeUndefined();
    await expect(authProvider.getPermissions!({})).resolves.toEqual(['cases:read']);
  });

  it('should say so when the browser kept no session cookie (e.g. Secure over plain http), and stay signed out', async () => {
    fetchMock.mockImplementation(async () => response(200, { expiresAt: 'x', user: USER }));
    await expect(authProvider.login({ email: 'a@b.c', password: 'pw' })).rejects.toThrow(LOGIN_COOKIE_REFUSED);
    expect(session.getUser()).toBeNull();
    await expect(authProvider.checkAuth({})).rejects.toMatchObject({ redirectTo: '/login' });
  });

  it('should even drop a token an API answered with (a non-cookie answer)', async () => {
    setCsrfCookie('csrf-set-by-login');
    fetchMock.mockImplementation(async (url: string) =>
      url.endsWith('/auth/login') ? response(200, { token: 'sns_leak', expiresAt: 'x', user: USER }) : response(200, { ...USER, permissions: [] }),
    );
    await authProvider.login({ email: 'a@b.c', password: 'pw' });
    expect(storageDump()).not.toContain('sns_leak');
  });

  it('should send to the login page without a stored user, and log out through the API (with CSRF) before forgetting', async () => {
    await expect(authProvider.checkAuth({})).rejects.toMatchObject({ redirectTo: '/login' });
    await expect(authProvider.getPermissions!({})).resolves.toEqual([]);
    session.start(USER);
    setCsrfCookie('csrf-xyz');
    fetchMock.mockResolvedValueOnce(new Response(null, { status: 204 }));
    await expect(authProvider.logout({})).resolves.toBe('/login');
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/auth/logout');
    expect(init.method).toBe('POST');
    expect((init.headers as Headers).get('X-CSRF-Token')).toBe('csrf-xyz');
    expect(session.getUser()).toBeNull();
    await expect(authProvider.checkAuth({})).rejects.toMatchObject({ redirectTo: '/login' });
  });

  it('should clear the stored user on a 401 (the cookie session ended)', async () => {
    session.start(USER);
    await expect(authProvider.checkError(new HttpError('ended', 401, { code: 'AUTH.UNAUTHENTICATED' }))).rejects.toThrow();
    expect(session.getUser()).toBeNull();
  });

  it('should delete a bearer token an older console left in localStorage, with its profile', () => {
    localStorage.setItem('sentinel.token', 'sns_old');
    localStorage.setItem('sentinel.tokenExpiresAt', '2026-01-01T00:00:00.000Z');
    localStorage.setItem('sentinel.user', JSON.stringify(USER));
    localStorage.setItem('sentinel.locale', 'zh-CN');
    session.forgetLegacyToken();
    expect(localStorage.getItem('sentinel.token')).toBeNull();
    expect(localStorage.getItem('sentinel.tokenExpiresAt')).toBeNull();
    expect(session.getUser()).toBeNull();
    expect(session.getLocale()).toBe('zh-CN');
    // nothing to migrate: the profile stays
    session.start(USER);
    session.forgetLegacyToken();
    expect(session.getUser()).toMatchObject({ id: 'u1' });
  });
});
