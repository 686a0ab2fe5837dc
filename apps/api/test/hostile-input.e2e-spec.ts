import type { Response, Test } from 'supertest';
import { auth, TestApp, type TestUser } from './test-app';

/**
 * Malformed, mistyped, oversized and hostile requests: always a 4xx problem+json (RFC 9457) with a stable
 * `code`, `message` = `detail` and the correlation id of the response header; never a 500, never stored.
 */
describe('Hostile input (API end to end)', () => {
  let t: TestApp;
  let intake: TestUser;
  let analyst: TestUser;
  let supervisor: TestUser;
  let auditor: TestUser;
  let caseId: string;
  let snSeq = 0;
  const seen: Response[] = [];

  beforeAll(async () => {
    t = await TestApp.start('hostile');
    [intake, analyst, supervisor, auditor] = await Promise.all([
      t.createUser('intake'),
      t.createUser('analyst'),
      t.createUser('supervisor'),
      t.createUser('auditor'),
    ]);
    const res = await t.http().post('/api/reports').set(auth(intake.token)).send(report());
    caseId = res.body.caseId;
  });
  afterAll(() => t?.stop());

  const nextSn = () => `HOSTILE-${String(++snSeq).padStart(6, '0')}`;
  const past = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
  function report(extra: Record<string, unknown> = {}) {
    return { sn: nextSn(), channel: 'partner_api', misuseType: 'other', ...extra };
  }
  const tx = (o: Record<string, unknown> = {}) => ({ at: past(60), amount: { minor: 100, currency: 'CNY' }, maskedPan: '622848******1234', ...o });

  /** Every response of this suite passes here: below 500, and errors are complete problem+json. */
  async function call(req: Test): Promise<Response> {
    const res = await req;
    seen.push(res);
    if (res.status >= 500) throw new Error(`a ${res.status}: ${res.text}`);
    if (res.status >= 400) {
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: res.status, code: expect.any(String), type: expect.any(String), title: expect.any(String) });
      expect(res.body.message).toBe(res.body.detail);
      expect(res.body.detail).toEqual(expect.any(String));
      expect(res.body.correlationId).toBe(res.headers['x-correlation-id']);
    }
    return res;
  }
  async function problem(req: Test, status: number, code?: string): Promise<Record<string, any>> {
    const res = await call(req);
    if (res.status !== status || (code && res.body.code !== code)) {
      throw new Error(`expected ${status} ${code ?? ''}, got ${res.status} ${JSON.stringify(res.body)}`);
    }
    return res.body;
  }
  const postReport = (body: unknown, u: TestUser = intake) => t.http().post('/api/reports').set(auth(u.token)).send(body as object);
  const rawReport = (text: string, contentType = 'application/json') =>
    t.http().post('/api/reports').set(auth(intake.token)).set('Content-Type', contentType).send(text);
  const listCases = (query: Record<string, string>) => t.http().get('/api/cases').set(auth(auditor.token)).query(query);
  const act = (id: string, action: string, body: unknown, u: TestUser = supervisor) =>
    t.http().post(`/api/cases/${id}/actions/${action}`).set(auth(u.token)).send(body as object);
  const counts = async () => {
    const [r] = await t.ds.query(`SELECT (SELECT count(*) FROM reports)::int AS reports, (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM case_events)::int AS events`);
    return r as { reports: number; cases: number; events: number };
  };
  const version = async () => (await t.http().get(`/api/cases/${caseId}`).set(auth(auditor.token))).body.version as number;

  describe('bodies', () => {
    it('should answer malformed JSON with 400 REQUEST.MALFORMED', async () => {
      for (const text of ['{"sn": ', '{sn: "x"}', "{'sn':'x'}", '{"sn":"A"}}', '"just a string"', 'null', '\u0000']) {
        await problem(rawReport(text), 400, 'REQUEST.MALFORMED');
      }
      await problem(t.http().post('/api/auth/login').set('Content-Type', 'application/json').send('{"email":'), 400, 'REQUEST.MALFORMED');
      await problem(act(caseId, 'add_note', '{"version":1,').set('Content-Type', 'application/json'), 400, 'REQUEST.MALFORMED');
      // a gzip body that does not inflate, an unknown encoding, an unknown charset
      await problem(rawReport('{}').set('Content-Encoding', 'gzip'), 400, 'REQUEST.MALFORMED');
      await problem(rawReport('{}').set('Content-Encoding', 'compress'), 415);
      await problem(rawReport('{}', 'application/json; charset=ebcdic'), 415);
    });

    it('should refuse JSON nested too deeply (no stack overflow)', async () => {
      const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
      await problem(rawReport(`{"sn":"HOSTILE-DEEP01","channel":"partner_api","misuseType":"other","description":${deep(100_000)}}`), 400, 'REQUEST.MALFORMED');
      await problem(rawReport(`{"sn":"HOSTILE-DEEP02","reporter":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}`), 400, 'REQUEST.MALFORMED');
      await problem(act(caseId, 'add_note', `{"version":1,"text":${deep(100_000)}}`).set('Content-Type', 'application/json'), 400, 'REQUEST.MALFORMED');
    });

    it('should answer wrong types with 422 VALIDATION.FAILED keyed by dotted field path', async () => {
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ sn: 123 }, 'sn'],
        [{ sn: null }, 'sn'],
        [{ sn: { $ne: 1 } }, 'sn'],
        [{ sn: ['HOSTILE-ARR001'] }, 'sn'],
        [{ channel: 'fax' }, 'channel'],
        [{ misuseType: 7 }, 'misuseType'],
        [{ amountAtRisk: { minor: 'x', currency: 'CNY' } }, 'amountAtRisk.minor'],
        [{ amountAtRisk: { minor: 1.5, currency: 'CNY' } }, 'amountAtRisk.minor'],
        [{ amountAtRisk: { minor: -1, currency: 'CNY' } }, 'amountAtRisk.minor'],
        [{ amountAtRisk: { minor: 2 ** 60, currency: 'CNY' } }, 'amountAtRisk.minor'],
        [{ amountAtRisk: { minor: 1, currency: 'yuan' } }, 'amountAtRisk.currency'],
        [{ amountAtRisk: [] }, 'amountAtRisk'],
        [{ amountAtRisk: 'lots' }, 'amountAtRisk'],
        [{ reporter: 'Zhang' }, 'reporter'],
        [{ reporter: { email: 'not-an-email' } }, 'reporter.email'],
        [{ reporter: { relationship: 'cousin' } }, 'reporter.relationship'],
        [{ lastKnownLocation: { lat: 200 } }, 'lastKnownLocation.lat'],
        [{ transactions: 'x' }, 'transactions'],
        [{ transactions: [null] }, 'transactions.0'],
        [{ transactions: [1] }, 'transactions.0'],
        [{ transactions: [tx({ maskedPan: 622848 })] }, 'transactions.0.maskedPan'],
        [{ transactions: [tx(), tx({ at: 'yesterday' })] }, 'transactions.1.at'],
        [{ transactions: [tx({ amount: { minor: '1', currency: 'CNY' } })] }, 'transactions.0.amount.minor'],
        [{ transactions: [tx({ amount: [] })] }, 'transactions.0.amount'],
        [{ transactions: [tx({ entryMode: 'telepathy' })] }, 'transactions.0.entryMode'],
        [{ deviceWithMerchant: 'yes' }, 'deviceWithMerchant'],
        [{ deviceWithMerchant: 1 }, 'deviceWithMerchant'],
        [{ registeredMcc: 5812 }, 'registeredMcc'],
        [{ receivedAt: '2026-02-30T00:00:00Z' }, 'receivedAt'],
        [{ occurredAt: 'last tuesday' }, 'occurredAt'],
        [{ description: { text: 'x' } }, 'description'],
        [{ description: 'x'.repeat(10_001) }, 'description'],
      ];
      const before = await counts();
      for (const [patch, path] of cases) {
        const p = await problem(postReport(report(patch)), 422, 'VALIDATION.FAILED');
        expect(p.errors).toHaveProperty([path]);
      }
      const missing = await problem(postReport({}), 422, 'VALIDATION.FAILED');
      expect(missing.errors).toEqual({ sn: 'is required', channel: 'is required', misuseType: 'is required' });
      // an object where an array belongs: its keys are unknown fields of a transaction (400), never a 500
      expect((await call(postReport(report({ transactions: { 0: tx() } })))).status).toBe(400);
      // other bodies: an array, text/plain, a form
      await problem(postReport([report()]), 400);
      // bodies that are not JSON are refused by media type (415), never parsed into "missing fields"
      await problem(rawReport('sn=HOSTILE-FORM01', 'application/x-www-form-urlencoded'), 415, 'REQUEST.MEDIA_TYPE');
      await problem(rawReport('hello', 'text/plain'), 415, 'REQUEST.MEDIA_TYPE');
      expect(await counts()).toEqual(before);
    });

    it('should answer unknown body fields with 400 REQUEST.UNKNOWN_FIELD naming them', async () => {
      let p = await problem(postReport(report({ foo: 1 })), 400, 'REQUEST.UNKNOWN_FIELD');
      expect(p.params.fields).toEqual(['foo']);
      p = await problem(postReport(report({ amountAtRisk: { minor: 1, currency: 'CNY', fx: 7.1 } })), 400, 'REQUEST.UNKNOWN_FIELD');
      expect(p.params.fields).toEqual(['amountAtRisk.fx']);
      p = await problem(postReport(report({ transactions: [tx({ cvv: '123' })] })), 400, 'REQUEST.UNKNOWN_FIELD');
      expect(p.params.fields).toEqual(['transactions.0.cvv']);
      await problem(t.http().post('/api/auth/login').send({ email: 'a@b.c', password: 'x', rememberMe: true }), 400, 'REQUEST.UNKNOWN_FIELD');
    });

    it('should answer a body over 1 MB with 413 and 501 transactions with 422', async () => {
      const before = await counts();
      const p = await problem(postReport(report({ description: 'x'.repeat(1024 * 1024 + 10) })), 413);
      expect(p.code).toMatch(/TOO_LARGE/);
      const many = Array.from({ length: 501 }, () => tx());
      const q = await problem(postReport(report({ transactions: many })), 422, 'VALIDATION.FAILED');
      expect(q.errors).toHaveProperty('transactions');
      expect(await counts()).toEqual(before);
      const r = await call(postReport(report({ transactions: many.slice(0, 500) })));
      expect(r.status).toBe(201);
    });
  });

  describe('serial numbers', () => {
    it('should refuse bad SNs with 422 errors.sn', async () => {
      const before = await counts();
      for (const sn of ['AB123', 'ABC_12345', 'ABC.12345', 'A'.repeat(33), '', '      ', '\u3000\u3000', '\t\n', 'ÄBC12345', '😀12345678', 'ABC/12345', "ABC'; DROP TABLE cases; --"]) {
        const p = await problem(postReport(report({ sn })), 422, 'VALIDATION.FAILED');
        expect(p.errors).toEqual({ sn: 'must be 6–32 characters of A–Z, 0–9 and -' });
      }
      expect(await counts()).toEqual(before);
    });

    it('should accept SNs that normalise to a valid form (full-width, spaces, lower case) and store them normalised', async () => {
      for (const [raw, stored] of [
        ['ｈｏｓｔｉｌｅ－ＦＷ００１', 'HOSTILE-FW001'],
        [' hostile fw 002 ', 'HOSTILEFW002'],
        ['HOSTILE\u3000FW003', 'HOSTILEFW003'],
        ['A'.repeat(32), 'A'.repeat(32)],
        ['123456', '123456'],
      ]) {
        const res = await call(postReport(report({ sn: raw })));
        expect(res.status).toBe(201);
        const c = await call(t.http().get(`/api/cases/${res.body.caseId}`).set(auth(auditor.token)));
        expect(c.body.sn).toBe(stored);
      }
    });
  });

  describe('card numbers (PAN)', () => {
    it('should refuse a full card number in free text or maskedPan with 422 PAN.DETECTED, storing nothing', async () => {
      const before = await counts();
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ description: 'Card 4111 1111 1111 1111 was swiped twice' }, 'description'],
        [{ description: 'card 4111-1111-1111-1111' }, 'description'],
        [{ merchantName: 'Shop 4111111111111111' }, 'merchantName'],
        [{ reporter: { name: '4111111111111111' } }, 'reporter.name'],
        [{ lastKnownLocation: { address: 'near 6228480012345678903' } }, 'lastKnownLocation.address'],
        [{ transactions: [tx({ maskedPan: '4111111111111111' })] }, 'transactions.0.maskedPan'],
        [{ transactions: [tx(), tx({ maskedPan: '6228480012341234' })] }, 'transactions.1.maskedPan'], // unmasked, Luhn or not
        [{ transactions: [tx({ maskedPan: '6228 4800 1234 1234' })] }, 'transactions.0.maskedPan'],
      ];
      for (const [patch, path] of cases) {
        const p = await problem(postReport(report(patch)), 422, 'PAN.DETECTED');
        expect(p.params.fields).toEqual([path]);
        expect(p.detail).not.toMatch(/4111|6228480012/);
      }
      expect(await counts()).toEqual(before);
      const stored = await t.ds.query(`SELECT count(*)::int AS n FROM reports WHERE payload::text ~ '4111111111111111|6228480012341234'`);
      expect(stored[0].n).toBe(0);
    });

    it('should refuse a maskedPan showing more than the first 6 and last 4 digits with VALIDATION.FAILED', async () => {
      const p = await problem(postReport(report({ transactions: [tx({ maskedPan: '62284800****1234' })] })), 422, 'VALIDATION.FAILED');
      expect(p.errors).toHaveProperty(['transactions.0.maskedPan']);
    });

    it('should accept long digit strings passing Luhn as sn, merchantId, terminalId, phone and police numbers', async () => {
      const res = await call(
        postReport({
          sn: '4111111111111111',
          merchantId: '4111111111111111',
          terminalId: '6228480012345678903',
          channel: 'merchant_call',
          misuseType: 'other',
          reporter: { name: 'Zhang San', phone: '+86 4111 1111 1111 1111' },
          policeReceiptNumber: '4111111111111111',
          description: 'Reference 1234567890123456789012345 (25 digits is no card number)',
          transactions: [tx()],
        }),
      );
      expect(res.status).toBe(201);
      const c = await call(t.http().get(`/api/cases/${res.body.caseId}`).set(auth(auditor.token)));
      expect(c.body).toMatchObject({ sn: '4111111111111111', terminal: { merchantId: '4111111111111111', tid: '6228480012345678903' } });
    });

    it('should refuse a card number in the free text of an action, storing nothing', async () => {
      const before = await counts();
      const v = await version();
      let p = await problem(act(caseId, 'add_note', { version: v, text: 'Cardholder 4111 1111 1111 1111 called' }), 422, 'PAN.DETECTED');
      expect(p.params.fields).toEqual(['text']);
      p = await problem(act(caseId, 'set_priority', { version: v, priority: 'p1', reason: 'card 4111111111111111' }), 422, 'PAN.DETECTED');
      expect(p.params.fields).toEqual(['reason']);
      expect(await counts()).toEqual(before);
      expect(await version()).toBe(v);
    });
  });

  describe('lists and ids', () => {
    it('should answer unknown filter or sort fields with 400 REQUEST.UNKNOWN_FIELD', async () => {
      let p = await problem(listCases({ filter: JSON.stringify({ foo: 1 }) }), 400, 'REQUEST.UNKNOWN_FIELD');
      expect(p.params.fields).toEqual(['foo']);
      p = await problem(listCases({ sort: JSON.stringify(['assignee', 'ASC']) }), 400, 'REQUEST.UNKNOWN_FIELD');
      expect(p.params.fields).toEqual(['assignee']);
      await problem(listCases({ filter: JSON.stringify({ sn: 'X' }) }), 400, 'REQUEST.UNKNOWN_FIELD');
      await problem(listCases({ page: '2' }), 400, 'REQUEST.UNKNOWN_FIELD');
      await problem(t.http().get('/api/reports').set(auth(auditor.token)).query({ filter: JSON.stringify({ stage: 'freeze' }) }), 400, 'REQUEST.UNKNOWN_FIELD');
    });

    it('should answer bad filter, sort and range values with 400 REQUEST.MALFORMED', async () => {
      const bad: Array<Record<string, string>> = [
        { range: '[0]' },
        { range: '["a","b"]' },
        { range: '[5,1]' },
        { range: '[-1,3]' },
        { range: '[0.5,3]' },
        { range: 'nope' },
        { range: '{"from":0}' },
        { filter: 'nope' },
        { filter: '[]' },
        { filter: '1' },
        { sort: '["createdAt","UP"]' },
        { sort: '"createdAt"' },
        { sort: '["createdAt"]' },
        { filter: JSON.stringify({ stage: 'nope' }) },
        { filter: JSON.stringify({ status: ['open', {}] }) },
        { filter: JSON.stringify({ createdFrom: 'yesterday' }) },
        { filter: JSON.stringify({ createdTo: 12 }) },
        { filter: JSON.stringify({ assigneeId: 'bob' }) },
        { filter: JSON.stringify({ teamId: ['x'] }) },
        { filter: JSON.stringify({ slaState: 'late' }) },
      ];
      for (const q of bad) await problem(listCases(q), 400, 'REQUEST.MALFORMED');
      await problem(t.http().get('/api/cases?filter={}&filter={}').set(auth(auditor.token)), 400, 'REQUEST.MALFORMED');
      await problem(t.http().get('/api/reports').set(auth(auditor.token)).query({ filter: JSON.stringify({ receivedFrom: 'x' }) }), 400, 'REQUEST.MALFORMED');
    });

    it('should treat odd but valid list queries as data, not as SQL', async () => {
      for (const q of ['%', '_', '\\', "' OR 1=1 --", 'ＰＡＸ', '']) {
        const res = await call(listCases({ filter: JSON.stringify({ q }) }));
        expect(res.status).toBe(200);
      }
      const none = await call(listCases({ filter: JSON.stringify({ id: ['not-a-uuid', 7] }) }));
      expect(none.body).toEqual([]);
      const big = await call(listCases({ range: '[0,5000]' }));
      expect(big.status).toBe(200);
      const r = await call(t.http().get('/api/reports').set(auth(auditor.token)).query({ filter: JSON.stringify({ caseId: 'nope' }) }));
      expect(r.body).toEqual([]);
    });

    it('should answer ids that are not UUIDs, unknown ids and unknown routes with 404 problem+json', async () => {
      const unknown = '00000000-0000-4000-8000-000000000000';
      for (const id of ['abc', '1', "1' OR '1'='1", unknown]) {
        const e = encodeURIComponent(id);
        await problem(t.http().get(`/api/cases/${e}`).set(auth(auditor.token)), 404, 'NOT_FOUND');
        await problem(t.http().get(`/api/cases/${e}/events`).set(auth(auditor.token)), 404, 'NOT_FOUND');
        await problem(t.http().get(`/api/cases/${e}/evidence`).set(auth(auditor.token)), 404, 'NOT_FOUND');
        await problem(t.http().get(`/api/reports/${e}`).set(auth(auditor.token)), 404, 'NOT_FOUND');
        await problem(t.http().get(`/api/evidence/${e}/content`).set(auth(auditor.token)), 404, 'NOT_FOUND');
        await problem(t.http().post(`/api/evidence/${e}/remove`).set(auth(supervisor.token)).send({ reason: 'x' }), 404, 'NOT_FOUND');
        await problem(act(e, 'add_note', { version: 1, text: 'x' }), 404, 'NOT_FOUND');
      }
      await problem(act(caseId, 'explode', { version: 1 }), 404, 'NOT_FOUND');
      for (const [method, path] of [
        ['get', '/api/nope'],
        ['post', '/api/nope'],
        ['get', '/api'],
        ['get', '/api/cases/x/y/z'],
        ['delete', '/api/reports/x/y'],
      ] as const) {
        await problem(t.http()[method](path).set(auth(auditor.token)), 404, 'NOT_FOUND');
      }
    });

    it('should answer POST/PUT/PATCH/DELETE on cases with 405 METHOD.NOT_ALLOWED', async () => {
      await problem(t.http().post('/api/cases').set(auth(supervisor.token)).send(report()), 405, 'METHOD.NOT_ALLOWED');
      await problem(t.http().put('/api/cases').set(auth(supervisor.token)).send({}), 405, 'METHOD.NOT_ALLOWED');
      await problem(t.http().delete('/api/cases').set(auth(supervisor.token)), 405, 'METHOD.NOT_ALLOWED');
      for (const method of ['put', 'patch', 'delete'] as const) {
        const res = await call(t.http()[method](`/api/cases/${caseId}`).set(auth(supervisor.token)).send({ stage: 'review' }));
        expect(res.status).toBe(405);
        expect(res.body.code).toBe('METHOD.NOT_ALLOWED');
        expect(res.headers.allow).toBe('GET');
      }
      expect((await call(t.http().get(`/api/cases/${caseId}`).set(auth(auditor.token)))).body.stage).toBe('freeze');
    });
  });

  describe('authentication', () => {
    it('should answer a missing, garbage or revoked token with 401 AUTH.UNAUTHENTICATED', async () => {
      await problem(t.http().get('/api/cases'), 401, 'AUTH.UNAUTHENTICATED');
      await problem(t.http().post('/api/reports').send(report()), 401, 'AUTH.UNAUTHENTICATED');
      for (const header of ['Bearer garbage', 'Bearer ', 'Basic YWRtaW46YWRtaW4=', 'bearer', `Bearer ${'x'.repeat(4000)}`, `Bearer ${intake.token}x`, 'Bearer sn_session_%00', `Bearer ${intake.token} extra`]) {
        await problem(t.http().get('/api/cases').set('Authorization', header), 401, 'AUTH.UNAUTHENTICATED');
      }
      const u = await t.createUser('analyst');
      await call(t.http().post('/api/auth/logout').set(auth(u.token)));
      await problem(t.http().get('/api/cases').set(auth(u.token)), 401, 'AUTH.UNAUTHENTICATED');
    });

    it('should answer malformed logins with 4xx, never 500', async () => {
      for (const body of [{}, { email: 1, password: 2 }, { email: 'a@b.c' }, { email: ['a'], password: {} }, { email: 'x'.repeat(10_000), password: 'y' }]) {
        const res = await call(t.http().post('/api/auth/login').send(body));
        expect([400, 401, 422]).toContain(res.status);
      }
    });
  });

  describe('case actions', () => {
    it('should answer unknown action fields with 400 and non-object bodies with 400', async () => {
      const v = await version();
      let p = await problem(act(caseId, 'add_note', { version: v, text: 'x', stage: 'review' }), 400, 'REQUEST.UNKNOWN_FIELD');
      expect(p.params.fields).toEqual(['stage']);
      p = await problem(act(caseId, 'claim', { version: v, assigneeId: analyst.id }), 400, 'REQUEST.UNKNOWN_FIELD');
      for (const body of ['[1,2]', '[]', '"x"', '42', 'true']) {
        await problem(act(caseId, 'add_note', body).set('Content-Type', 'application/json'), 400, 'REQUEST.MALFORMED');
      }
      await problem(act(caseId, 'add_note', 'version=1&text=x').set('Content-Type', 'text/plain'), 415, 'REQUEST.MEDIA_TYPE');
      await problem(t.http().post(`/api/cases/${caseId}/actions/add_note`).set(auth(supervisor.token)), 400, 'REQUEST.MALFORMED');
      expect(await version()).toBe(v);
    });

    it('should answer bad action values with 422 VALIDATION.FAILED keyed by field', async () => {
      const v = await version();
      const cases: Array<[string, Record<string, unknown>, string, string?]> = [
        ['add_note', { text: 'x' }, 'version', 'is required'],
        ['add_note', { version: String(v), text: 'x' }, 'version'],
        ['add_note', { version: 1.5, text: 'x' }, 'version'],
        ['add_note', { version: 0, text: 'x' }, 'version'],
        ['add_note', { version: v }, 'text', 'is required'],
        ['add_note', { version: v, text: '' }, 'text'],
        ['add_note', { version: v, text: 42 }, 'text', 'must be a string'],
        ['set_priority', { version: v, priority: 'p0', reason: 'x' }, 'priority'],
        ['waive_stage', { version: v }, 'reason', 'is required'],
        ['confirm_freeze', { version: v, bankReference: 'B', confirmedAt: '2026-13-45T99:99:99Z' }, 'confirmedAt'],
        ['confirm_freeze', { version: v, bankReference: 'B', confirmedAt: 'now' }, 'confirmedAt'],
        ['assign', { version: v, assigneeId: 'bob' }, 'assigneeId'],
        ['assign', { version: v }, 'assigneeId'],
        ['request_freeze', { version: v, bankCode: 'bad code!' }, 'bankCode'],
        ['close_early', { version: v, outcome: 'confirmed_misuse', reason: 'x' }, 'outcome'],
        ['close_early', { version: v, outcome: 'duplicate', reason: 'x', duplicateOfCaseId: 'nope' }, 'duplicateOfCaseId'],
      ];
      // The state is checked before the payload (404 → 409 → 403/422 state → payload): an action that is not
      // allowed in this stage is refused as such, whatever its payload.
      for (const [action, body] of [
        ['log_merchant_contact', { version: v, channel: 'pigeon', contactedAt: past(1), outcome: 'reached', findings: 'x' }],
        ['record_freeze_notice', { version: v, notifiedAt: past(1), channel: 'sms', notifiedBy: 'us', appealInstructionsGiven: 'yes' }],
      ] as Array<[string, Record<string, unknown>]>) {
        await problem(act(caseId, action, body), 422, 'CASE.ACTION_NOT_ALLOWED');
      }
      for (const [action, body, field, message] of cases) {
        const p = await problem(act(caseId, action, body), 422, 'VALIDATION.FAILED');
        expect(p.errors).toHaveProperty([field]);
        if (message) expect(p.errors[field]).toBe(message);
      }
      // a version too large for any case is simply stale
      await problem(act(caseId, 'add_note', { version: 2 ** 31, text: 'x' }), 409, 'CASE.VERSION_CONFLICT');
      expect(await version()).toBe(v);
    });

    it('should answer bad bulk and claim-next bodies with 4xx', async () => {
      await problem(t.http().post('/api/cases/bulk').set(auth(supervisor.token)).send({ ids: 'x', action: 'assign', payload: {} }), 422, 'VALIDATION.FAILED');
      await problem(t.http().post('/api/cases/bulk').set(auth(supervisor.token)).send({ ids: [caseId], action: 'resolve', payload: {} }), 422, 'VALIDATION.FAILED');
      await problem(t.http().post('/api/cases/bulk').set(auth(supervisor.token)).send({ ids: ['nope'], action: 'assign', payload: {} }), 422, 'VALIDATION.FAILED');
      await problem(
        t.http().post('/api/cases/bulk').set(auth(supervisor.token)).send({ ids: Array.from({ length: 501 }, () => caseId), action: 'assign', payload: {} }),
        422,
        'VALIDATION.FAILED',
      );
      const bulk = await call(t.http().post('/api/cases/bulk').set(auth(supervisor.token)).send({ ids: [caseId], action: 'assign', payload: { assigneeId: 'bob' } }));
      expect(bulk.status).toBe(200);
      expect(bulk.body).toEqual([expect.objectContaining({ id: caseId, ok: false, status: 422, code: 'VALIDATION.FAILED' })]);
      const extra = await call(t.http().post('/api/cases/bulk').set(auth(supervisor.token)).send({ ids: [caseId], action: 'assign', payload: { assigneeId: null, extra: 1 } }));
      expect(extra.body).toEqual([expect.objectContaining({ id: caseId, ok: false, status: 400, code: 'REQUEST.UNKNOWN_FIELD' })]);
      await problem(t.http().post('/api/cases/claim-next').set(auth(analyst.token)).send({ queueId: 5 }), 422, 'VALIDATION.FAILED');
    });
  });

  describe('correlation ids', () => {
    it('should echo a well-formed x-correlation-id and replace a bad one', async () => {
      const res = await call(t.http().get('/api/nope').set(auth(auditor.token)).set('x-correlation-id', 'client-req-12345678'));
      expect(res.headers['x-correlation-id']).toBe('client-req-12345678');
      expect(res.body.correlationId).toBe('client-req-12345678');
      const bad = await call(t.http().get('/api/nope').set(auth(auditor.token)).set('x-correlation-id', 'bad id\twith "quotes"'));
      expect(bad.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(bad.body.correlationId).toBe(bad.headers['x-correlation-id']);
    });
  });

  it('should never have answered 500 in this suite', () => {
    expect(seen.length).toBeGreaterThan(200);
    expect(seen.filter((r) => r.status >= 500)).toEqual([]);
  });
});
