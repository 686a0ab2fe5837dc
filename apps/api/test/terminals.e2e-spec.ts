import { randomUUID } from 'node:crypto';
import { auth, expectProblem, TestApp, type TestUser } from './test-app';

const ACCOUNT = '6222020200112233445';
const CREDIT_CODE = '91310000MA1FL12345';

describe('TerminalsController (e2e)', () => {
  let t: TestApp;
  let sup: TestUser;
  let analyst: TestUser;
  let other: TestUser;
  let auditor: TestUser;
  let terminalId: string;
  let caseId: string;

  beforeAll(async () => {
    t = await TestApp.start('terminals');
    sup = await t.createUser('supervisor');
    analyst = await t.createUser('analyst');
    other = await t.createUser('analyst');
    auditor = await t.createUser('auditor');
    [{ id: terminalId }] = await t.ds.query(
      `INSERT INTO terminals (sn, model, tid, bank_code, merchant_id, merchant_name, merchant_credit_code, settlement_account, registered_address, time_zone)
       VALUES ('PAX-A920-0001', 'PAX A920', 'T0001', 'ICBC', '898310048160001', 'Jade Tea House', $1, $2, '88 Nanjing Rd', 'Asia/Shanghai') RETURNING id`,
      [CREDIT_CODE, ACCOUNT],
    );
    await t.ds.query(`INSERT INTO terminals (sn, bank_code, merchant_id) VALUES ('PAX-A920-0002', 'BOC', '898310048160002'), ('VERIFONE-77', 'BOC', '898310048160001')`);
    [{ id: caseId }] = await t.ds.query(
      `INSERT INTO cases (reference, terminal_id, sn, misuse_type, stage, status, priority, priority_rank, assignee_id)
       VALUES ('SNC-2026-600001', $1, 'PAX-A920-0001', 'cloned_terminal', 'police_report', 'open', 'p2', 2, $2) RETURNING id`,
      [terminalId, analyst.id],
    );
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('should show personal fields masked, with the open case', async () => {
    const res = await t.http().get(`/api/terminals/${terminalId}`).set(auth(auditor.token));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: terminalId,
      sn: 'PAX-A920-0001',
      model: 'PAX A920',
      tid: 'T0001',
      bankCode: 'ICBC',
      merchantId: '898310048160001',
      merchantName: 'Jade Tea House',
      merchantCreditCode: '****2345',
      settlementAccount: '****3445',
      registeredAddress: '88 Nanjing Rd',
      timeZone: 'Asia/Shanghai',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      openCaseId: caseId,
    });
    const list = await t.http().get('/api/terminals').set(auth(analyst.token));
    expect(JSON.stringify(list.body)).not.toContain(ACCOUNT);
    expect(JSON.stringify(list.body)).not.toContain(CREDIT_CODE);
  });

  it('should filter by a normalised q prefix (SN, MID, TID), bankCode and merchantId, and sort', async () => {
    // full-width input with an ideographic space, as Chinese input methods type it
    const q = await t.http().get('/api/terminals').query({ filter: JSON.stringify({ q: 'ｐａｘ-a920\u3000-000' }) }).set(auth(analyst.token));
    expect(q.body.map((x: { sn: string }) => x.sn)).toEqual(['PAX-A920-0001', 'PAX-A920-0002']);
    const mid = await t.http().get('/api/terminals').query({ filter: JSON.stringify({ q: '8983100481600' }), sort: '["sn","DESC"]' }).set(auth(analyst.token));
    expect(mid.body.map((x: { sn: string }) => x.sn)).toEqual(['VERIFONE-77', 'PAX-A920-0002', 'PAX-A920-0001']);
    const bank = await t.http().get('/api/terminals').query({ filter: JSON.stringify({ bankCode: 'boc', merchantId: '898310048160001' }) }).set(auth(analyst.token));
    expect(bank.body.map((x: { sn: string }) => x.sn)).toEqual(['VERIFONE-77']);
    expect(bank.headers['content-range']).toBe('terminals 0-0/1');
    const tid = await t.http().get('/api/terminals').query({ filter: JSON.stringify({ q: 't00' }) }).set(auth(analyst.token));
    expect(tid.body.map((x: { sn: string }) => x.sn)).toEqual(['PAX-A920-0001']);
    expectProblem(await t.http().get('/api/terminals').query({ filter: '{"settlementAccount":"6222"}' }).set(auth(analyst.token)), 400, 'REQUEST.UNKNOWN_FIELD');
    expectProblem(await t.http().get('/api/terminals').query({ sort: '["merchantName","ASC"]' }).set(auth(analyst.token)), 400, 'REQUEST.UNKNOWN_FIELD');
    expectProblem(await t.http().get('/api/terminals/PAX-A920-0001').set(auth(analyst.token)), 404, 'NOT_FOUND');
  });

  it('should keep masked values sent back unchanged and audit changes masked', async () => {
    const record = (await t.http().get(`/api/terminals/${terminalId}`).set(auth(sup.token))).body;
    const res = await t
      .http()
      .put(`/api/terminals/${terminalId}`)
      .set(auth(sup.token))
      .send({ ...record, merchantName: 'Jade Tea House (Xuhui)', tid: ' t 0009 ' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ merchantName: 'Jade Tea House (Xuhui)', tid: 'T0009', settlementAccount: '****3445', merchantCreditCode: '****2345' });
    const [row] = await t.ds.query(`SELECT settlement_account, merchant_credit_code FROM terminals WHERE id = $1`, [terminalId]);
    expect(row).toEqual({ settlement_account: ACCOUNT, merchant_credit_code: CREDIT_CODE });
    const [ev] = await t.ds.query(`SELECT actor_id, data FROM system_events WHERE action = 'terminal.updated'`);
    expect(ev).toEqual({
      actor_id: sup.id,
      data: {
        terminalId,
        sn: 'PAX-A920-0001',
        changed: ['tid', 'merchantName'],
        before: { tid: 'T0001', merchantName: 'Jade Tea House' },
        after: { tid: 'T0009', merchantName: 'Jade Tea House (Xuhui)' },
      },
    });
  });

  it('should store a new settlement account and record only masked values', async () => {
    const res = await t.http().put(`/api/terminals/${terminalId}`).set(auth(t.adminToken)).send({ settlementAccount: '6222 0202 0099 8877 665' });
    expect(res.status).toBe(200);
    expect(res.body.settlementAccount).toBe('****7665');
    const [row] = await t.ds.query(`SELECT settlement_account FROM terminals WHERE id = $1`, [terminalId]);
    expect(row.settlement_account).toBe('6222020200998877665');
    const events: Array<{ data: unknown }> = await t.ds.query(`SELECT data FROM system_events WHERE action LIKE 'terminal.%'`);
    for (const e of events) {
      expect(JSON.stringify(e.data)).not.toContain('6222020200998877665');
      expect(JSON.stringify(e.data)).not.toContain(ACCOUNT);
    }
    const [last] = await t.ds.query(`SELECT data FROM system_events WHERE action = 'terminal.updated' ORDER BY seq DESC LIMIT 1`);
    expect(last.data).toMatchObject({ changed: ['settlementAccount'], before: { settlementAccount: '****3445' }, after: { settlementAccount: '****7665' } });
    await t.http().put(`/api/terminals/${terminalId}`).set(auth(sup.token)).send({ settlementAccount: ACCOUNT }).expect(200);
  });

  it('should refuse a different SN with 403, accept the same SN in any form, and refuse unknown fields', async () => {
    expectProblem(await t.http().put(`/api/terminals/${terminalId}`).set(auth(sup.token)).send({ sn: 'PAX-A920-9999' }), 403, 'AUTH.FORBIDDEN');
    expect((await t.http().put(`/api/terminals/${terminalId}`).set(auth(sup.token)).send({ sn: ' pax-a920-0001 ' })).status).toBe(200);
    expectProblem(await t.http().put(`/api/terminals/${terminalId}`).set(auth(sup.token)).send({ acquirer: 'x' }), 400, 'REQUEST.UNKNOWN_FIELD');
    expect(expectProblem(await t.http().put(`/api/terminals/${terminalId}`).set(auth(sup.token)).send({ timeZone: 'Shanghai' }), 422).errors).toHaveProperty('timeZone');
    expect(
      expectProblem(await t.http().put(`/api/terminals/${terminalId}`).set(auth(sup.token)).send({ registeredAddress: 'card 4111 1111 1111 1111' }), 422, 'PAN.DETECTED').errors,
    ).toHaveProperty('registeredAddress');
    expectProblem(await t.http().put(`/api/terminals/${terminalId}`).set(auth(analyst.token)).send({ model: 'x' }), 403, 'AUTH.FORBIDDEN');
    expectProblem(await t.http().put(`/api/terminals/${randomUUID()}`).set(auth(sup.token)).send({ model: 'x' }), 404, 'NOT_FOUND');
  });

  describe('POST /api/terminals/:id/reveal', () => {
    it('should reveal to the assignee of the open case and record field and reason, never the value', async () => {
      const res = await t
        .http()
        .post(`/api/terminals/${terminalId}/reveal`)
        .set(auth(analyst.token))
        .send({ field: 'settlementAccount', reason: 'Bank asked to confirm the account for the freeze' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ field: 'settlementAccount', value: ACCOUNT });
      const [ev] = await t.ds.query(`SELECT actor_id, actor_role, data FROM system_events WHERE action = 'terminal.revealed'`);
      expect(ev).toEqual({
        actor_id: analyst.id,
        actor_role: 'analyst',
        data: { terminalId, sn: 'PAX-A920-0001', caseId, field: 'settlementAccount', reason: 'Bank asked to confirm the account for the freeze' },
      });
      expect(JSON.stringify(ev.data)).not.toContain(ACCOUNT);
    });

    it('should reveal to any supervisor', async () => {
      const res = await t.http().post(`/api/terminals/${terminalId}/reveal`).set(auth(sup.token)).send({ field: 'merchantCreditCode', reason: 'Police request' });
      expect(res.body).toEqual({ field: 'merchantCreditCode', value: CREDIT_CODE });
    });

    it('should refuse another analyst (CASE.NOT_OWNER), an auditor (AUTH.FORBIDDEN) and bad input', async () => {
      expectProblem(
        await t.http().post(`/api/terminals/${terminalId}/reveal`).set(auth(other.token)).send({ field: 'settlementAccount', reason: 'curious' }),
        403,
        'CASE.NOT_OWNER',
      );
      expectProblem(
        await t.http().post(`/api/terminals/${terminalId}/reveal`).set(auth(auditor.token)).send({ field: 'settlementAccount', reason: 'audit' }),
        403,
        'AUTH.FORBIDDEN',
      );
      expect(
        expectProblem(await t.http().post(`/api/terminals/${terminalId}/reveal`).set(auth(sup.token)).send({ field: 'merchantName', reason: 'x' }), 422).errors,
      ).toHaveProperty('field');
      expectProblem(
        await t.http().post(`/api/terminals/${terminalId}/reveal`).set(auth(sup.token)).send({ field: 'settlementAccount', reason: 'pan 4111111111111111' }),
        422,
        'PAN.DETECTED',
      );
      expectProblem(
        await t.http().post(`/api/terminals/${randomUUID()}/reveal`).set(auth(sup.token)).send({ field: 'settlementAccount', reason: 'gone' }),
        404,
        'NOT_FOUND',
      );
      const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM system_events WHERE action = 'terminal.revealed'`);
      expect(n).toBe(2);
    });

    it('should refuse the former assignee once the case is closed', async () => {
      await t.ds.query(`UPDATE cases SET status = 'closed', closed_at = now() WHERE id = $1`, [caseId]);
      expectProblem(
        await t.http().post(`/api/terminals/${terminalId}/reveal`).set(auth(analyst.token)).send({ field: 'settlementAccount', reason: 'again' }),
        403,
        'CASE.NOT_OWNER',
      );
      const shown = await t.http().get(`/api/terminals/${terminalId}`).set(auth(analyst.token));
      expect(shown.body.openCaseId).toBeNull();
    });
  });
});
