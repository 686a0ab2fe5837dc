import { auth, expectProblem, TestApp, type TestUser } from './test-app';

/**
 * The multipart parser of evidence uploads (@fastify/busboy, the maintained fork of busboy): UTF-8 file names and
 * descriptions arrive intact, NUL characters in a multipart field never reach PostgreSQL, and a body without a
 * boundary or cut short is a 400, never a 500 or a hanging request.
 */
describe('Evidence multipart parsing (API end to end)', () => {
  let t: TestApp;
  let analyst: TestUser;
  let caseId: string;

  beforeAll(async () => {
    t = await TestApp.start('evidence-multipart');
    const intake = await t.createUser('intake');
    analyst = await t.createUser('analyst');
    const r = await t.http().post('/api/reports').set(auth(intake.token)).send({ sn: 'MULTIPART-000001', channel: 'partner_api', misuseType: 'other' });
    caseId = r.body.caseId;
    const { version } = (await t.http().get(`/api/cases/${caseId}`).set(auth(analyst.token))).body;
    await t.http().post(`/api/cases/${caseId}/actions/claim`).set(auth(analyst.token)).send({ version }).expect(200);
  });
  afterAll(() => t?.stop());

  it('should keep a Chinese file name and description as sent (UTF-8)', async () => {
    const res = await t
      .http()
      .post(`/api/cases/${caseId}/evidence`)
      .set(auth(analyst.token))
      .field('type', 'transaction_records')
      .field('description', '商户提供的交易流水')
      .attach('file', Buffer.from('at,amount\n2026-01-01T00:00:00Z,100\n'), '交易流水.csv');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ fileName: '交易流水.csv', description: '商户提供的交易流水' });
  });

  it('should refuse a NUL character in a multipart field with 4xx, storing nothing', async () => {
    const before = (await t.http().get(`/api/cases/${caseId}/evidence`).set(auth(analyst.token))).body.length;
    const res = await t
      .http()
      .post(`/api/cases/${caseId}/evidence`)
      .set(auth(analyst.token))
      .field('type', 'transaction_records')
      .field('description', 'bad\u0000text')
      .attach('file', Buffer.from('at,amount\n'), 'tx.csv');
    const p = expectProblem(res, 422, 'VALIDATION.FAILED');
    expect(p.fieldCodes).toEqual({ description: 'INVALID' });
    expect((await t.http().get(`/api/cases/${caseId}/evidence`).set(auth(analyst.token))).body).toHaveLength(before);
  });

  it('should answer a body without a boundary or cut short with 400 REQUEST.MALFORMED', async () => {
    const noBoundary = await t.http().post(`/api/cases/${caseId}/evidence`).set(auth(analyst.token)).set('Content-Type', 'multipart/form-data; charset=utf-8').send('x');
    expectProblem(noBoundary, 400, 'REQUEST.MALFORMED');
    const cut = await t
      .http()
      .post(`/api/cases/${caseId}/evidence`)
      .set(auth(analyst.token))
      .set('Content-Type', 'multipart/form-data; boundary=XYZ')
      .send('--XYZ\r\nContent-Disposition: form-data; name="type"\r\n\r\ntransaction_records\r\n--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\nat,amount\n');
    expectProblem(cut, 400, 'REQUEST.MALFORMED');
  });
});
