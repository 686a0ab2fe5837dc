import { verifyChain } from '@sentinel/domain';
import { auth, expectProblem, TestApp, type TestUser } from './test-app';

const past = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

describe('Case lifecycle (API end to end)', () => {
  let t: TestApp;
  let analyst: TestUser;
  let supervisor: TestUser;
  let auditor: TestUser;
  let intake: TestUser;

  beforeAll(async () => {
    t = await TestApp.start('lifecycle');
    analyst = await t.createUser('analyst');
    supervisor = await t.createUser('supervisor');
    auditor = await t.createUser('auditor');
    intake = await t.createUser('intake');
  });
  afterAll(() => t?.stop());

  const act = (u: TestUser, id: string, action: string, body: Record<string, unknown>) =>
    t.http().post(`/api/cases/${id}/actions/${action}`).set(auth(u.token)).send(body);

  it('should walk one case through every stage with each role doing its part', async () => {
    // intake: a bank's alerting system reports the misuse
    const rep = await t
      .http()
      .post('/api/reports')
      .set(auth(intake.token))
      .send({
        sn: ' ｐａｘ－Ａ９２０ 0012345 ',
        channel: 'partner_api',
        misuseType: 'cloned_terminal',
        merchantName: 'Lucky Noodles',
        merchantId: '898310058120001',
        amountAtRisk: { minor: 1250000, currency: 'CNY' },
        transactions: [{ at: past(90), amount: { minor: 50000, currency: 'CNY' }, maskedPan: '622848******1234', entryMode: 'magstripe' }],
      });
    expect(rep.status).toBe(201);
    expect(rep.body).toMatchObject({ linkedToExisting: false, caseReference: expect.stringMatching(/^SNC-\d{4}-\d{6,}$/) });
    const id = rep.body.caseId;

    // a second report for the same SN (other spelling) links to the open case
    const rep2 = await t.http().post('/api/reports').set(auth(analyst.token)).send({ sn: 'pax-a9200012345', channel: 'merchant_call', misuseType: 'cloned_terminal' });
    expect(rep2.status).toBe(201);
    expect(rep2.body).toMatchObject({ caseId: id, linkedToExisting: true });

    let c = (await t.http().get(`/api/cases/${id}`).set(auth(analyst.token))).body;
    expect(c).toMatchObject({ stage: 'freeze', status: 'open', sn: 'PAX-A9200012345', assigneeId: null });
    expect(c.reports).toHaveLength(2);
    expect(c.allowedActions).toContain('claim');
    expect(c.clocks[0]).toMatchObject({ stage: 'freeze', state: 'on_track' });
    expect(c.exitRule).toEqual({ met: false, missing: ['freeze.confirmed'] });

    // analyst claims, confirms the freeze (the bank phoned), records police report, merchant contact, evidence
    c = (await act(analyst, id, 'claim', { version: c.version }).expect(200)).body;
    expect(c.assigneeId).toBe(analyst.id);
    c = (await act(analyst, id, 'confirm_freeze', { version: c.version, bankReference: 'BANK-FRZ-1', confirmedAt: past(5) }).expect(200)).body;
    expect(c.stage).toBe('police_report');
    c = (await act(analyst, id, 'record_police_report', { version: c.version, agency: 'Huangpu PSB', reportNumber: 'HP-2026-0042', filedAt: past(3) }).expect(200)).body;
    expect(c.stage).toBe('merchant_contact');
    c = (await act(analyst, id, 'log_merchant_contact', { version: c.version, channel: 'phone', contactedAt: past(2), outcome: 'no_answer' }).expect(200)).body;
    expect(c.stage).toBe('merchant_contact');
    c = (await act(analyst, id, 'log_merchant_contact', { version: c.version, channel: 'visit', contactedAt: past(1), outcome: 'reached', findings: 'Terminal in shop; SN label intact' }).expect(200)).body;
    expect(c.stage).toBe('evidence');
    expect(c.exitRule.missing).toEqual(expect.arrayContaining(['transaction_records', 'police_receipt']));

    const up1 = await t.http().post(`/api/cases/${id}/evidence`).set(auth(analyst.token)).field('type', 'transaction_records').attach('file', Buffer.from('time,amount\n2026-11-25T01:00:00Z,500.00\n'), 'tx.csv');
    expect(up1.status).toBe(201);
    expect(up1.body).toMatchObject({ type: 'transaction_records', mediaType: 'text/csv', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')]);
    const up2 = await t.http().post(`/api/cases/${id}/evidence`).set(auth(analyst.token)).field('type', 'police_receipt').attach('file', pdf, 'receipt.pdf');
    expect(up2.status).toBe(201);
    const dl = await t.http().get(`/api/evidence/${up2.body.id}/content`).set(auth(auditor.token)).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(dl.status).toBe(200);
    expect(Buffer.compare(dl.body, pdf)).toBe(0);

    c = (await t.http().get(`/api/cases/${id}`).set(auth(analyst.token))).body;
    c = (await act(analyst, id, 'submit_for_review', { version: c.version }).expect(200)).body;
    expect(c.stage).toBe('review');
    expect(c.assigneeId).toBe(analyst.id);

    // four eyes: the analyst may not resolve; a supervisor who did not work it does
    expectProblem(await act(analyst, id, 'resolve', { version: c.version, outcome: 'confirmed_misuse', summary: 'x' }), 403);
    c = (await act(supervisor, id, 'resolve', { version: c.version, outcome: 'confirmed_misuse', summary: 'Cloned terminal confirmed' }).expect(200)).body;
    expect(c).toMatchObject({ status: 'closed', outcome: 'confirmed_misuse' });
    expect(c.clocks.every((k: { state: string }) => ['met', 'waived', 'cancelled'].includes(k.state))).toBe(true);

    // the auditor reads the whole history and it verifies as a chain
    const ev = await t.http().get(`/api/cases/${id}/events`).set(auth(auditor.token)).expect(200);
    const actions = ev.body.map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['case.opened', 'report.linked', 'claim', 'confirm_freeze', 'record_police_report', 'log_merchant_contact', 'evidence.added', 'submit_for_review', 'resolve']),
    );
    const head = (await t.http().get(`/api/cases/${id}`).set(auth(auditor.token))).body;
    expect(verifyChain(ev.body, { lastSeq: head.lastEventSeq, headHash: head.headHash }).ok).toBe(true);

    // the list shows it with Content-Range
    const list = await t.http().get('/api/cases').query({ filter: JSON.stringify({ q: 'pax-a920' }), range: '[0,9]' }).set(auth(auditor.token)).expect(200);
    expect(list.headers['content-range']).toMatch(/^cases 0-0\/1$/);
  });
});
