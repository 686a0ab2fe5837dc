import { HttpError } from 'react-admin';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDataProvider, httpClient, UNASSIGNED } from './dataProvider';
import { session } from './session';

function response(status: number, body?: unknown, headers: Record<string, string> = {}) {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers },
  });
}

describe('dataProvider', () => {
  const fetchMock = vi.fn();
  beforeEach(() => {
    vi.stubGlobal('fetch', fetchMock);
    session.start('tok-123', { id: 'u1', email: 'a@b.c', name: 'A', role: 'analyst' });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    fetchMock.mockReset();
  });

  it('should send the bearer token and turn problem+json into an HttpError keeping code, params and errors', async () => {
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
    expect((init.headers as Headers).get('Authorization')).toBe('Bearer tok-123');
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
