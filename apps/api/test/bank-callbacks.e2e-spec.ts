import { generateWebhookSecret, verifyChain } from '@sentinel/domain';
import { auth, expectProblem, TestApp, type TestUser } from './test-app';
import { caseEvents, createBank, openCase, past, sealedSecret, sendCallback } from './ops-fixtures';

/** POST /api/bank-callbacks/:bankCode (docs/api.md "Banks and notifications"): signature, replay, effects, edge cases. */
describe('Bank callbacks (API end to end)', () => {
  let t: TestApp;
  let analyst: TestUser;
  let supervisor: TestUser;
  let secret: string;

  beforeAll(async () => {
    t = await TestApp.start('callbacks');
    [analyst, supervisor] = await Promise.all([t.createUser('analyst'), t.createUser('supervisor')]);
    secret = await createBank(t, 'CBA');
  });
  afterAll(() => t?.stop());

  const confirmed = (c: { notificationId: string | null; reference: string }, extra: Record<string, unknown> = {}) => ({
    type: 'freeze.confirmed',
    notificationId: c.notificationId,
    caseReference: c.reference,
    bankReference: 'CBA-FRZ-0001',
    at: past(1),
    ...extra,
  });

  describe('a signed freeze.confirmed', () => {
    it('should complete the freeze stage as the bank: clock met, police_report started, events by bank:<code>', async () => {
      const c = await openCase(t, analyst, 'CBA');
      expect(c.notificationId).toBeTruthy();
      const before = (await t.http().get(`/api/cases/${c.caseId}`).set(auth(analyst.token))).body;

      const res = await sendCallback(t, 'CBA', confirmed(c), { secrets: [secret] });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ applied: true });

      const after = (await t.http().get(`/api/cases/${c.caseId}`).set(auth(analyst.token))).body;
      expect(after.stage).toBe('police_report');
      expect(after.version).toBe(before.version + 1);
      expect(after.freeze).toMatchObject({ bankReference: 'CBA-FRZ-0001', confirmedVia: 'callback', confirmedAt: expect.any(String) });
      const freezeClock = after.clocks.find((k: any) => k.stage === 'freeze');
      const policeClock = after.clocks.find((k: any) => k.stage === 'police_report');
      expect(freezeClock).toMatchObject({ state: 'met', metAt: expect.any(String) });
      expect(policeClock).toMatchObject({ state: 'on_track' });
      expect(after.dueAt).toBe(policeClock.dueAt);

      const [n] = await t.ds.query(`SELECT status, delivered_at FROM notifications WHERE id = $1`, [c.notificationId]);
      expect(n.status).toBe('delivered');

      const events = await caseEvents(t, c.caseId);
      const confirm = events.find((e) => e.action === 'bank.freeze_confirmed')!;
      expect(confirm).toMatchObject({ actor_id: 'bank:CBA', actor_role: 'bank' });
      expect(confirm.data).toMatchObject({ before: { stage: 'freeze' }, after: { stage: 'police_report' }, notificationId: c.notificationId, bankReference: 'CBA-FRZ-0001' });
      expect(events.find((e) => e.action === 'notification.delivered')).toMatchObject({ actor_id: 'bank:CBA', data: { via: 'callback' } });
      // the chain still verifies with the bank's events in it
      const served = await t.http().get(`/api/cases/${c.caseId}/events`).set(auth(analyst.token)).expect(200);
      expect(verifyChain(served.body, { lastSeq: after.lastEventSeq, headHash: after.headHash }).ok).toBe(true);
    });

    it('should refuse a replayed webhook-id with 409 CALLBACK.REPLAY and change nothing', async () => {
      const c = await openCase(t, analyst, 'CBA');
      const id = `msg_replay_${Date.now()}`;
      await sendCallback(t, 'CBA', confirmed(c), { secrets: [secret], id }).expect(200);
      const seq = (await caseEvents(t, c.caseId)).length;
      const again = await sendCallback(t, 'CBA', confirmed(c), { secrets: [secret], id });
      expectProblem(again, 409, 'CALLBACK.REPLAY');
      expect(await caseEvents(t, c.caseId)).toHaveLength(seq);
    });
  });

  describe('authentication', () => {
    it('should refuse a timestamp more than 5 minutes off (past or future) with 401', async () => {
      const c = await openCase(t, analyst, 'CBA');
      const now = Math.floor(Date.now() / 1000);
      const stale = await sendCallback(t, 'CBA', confirmed(c), { secrets: [secret], timestamp: now - 301 });
      expect(expectProblem(stale, 401, 'CALLBACK.BAD_SIGNATURE').params).toEqual({ reason: 'stale_timestamp' });
      expectProblem(await sendCallback(t, 'CBA', confirmed(c), { secrets: [secret], timestamp: now + 400 }), 401, 'CALLBACK.BAD_SIGNATURE');
      const [k] = await t.ds.query(`SELECT stage FROM cases WHERE id = $1`, [c.caseId]);
      expect(k.stage).toBe('freeze');
    });

    it('should refuse a bad, foreign or missing signature with 401 before looking at the body', async () => {
      const c = await openCase(t, analyst, 'CBA');
      expectProblem(await sendCallback(t, 'CBA', confirmed(c), { secrets: [generateWebhookSecret()] }), 401, 'CALLBACK.BAD_SIGNATURE');
      expectProblem(await sendCallback(t, 'CBA', confirmed(c), { secrets: [secret], signature: 'v1,AAAA' }), 401, 'CALLBACK.BAD_SIGNATURE');
      expectProblem(await sendCallback(t, 'CBA', confirmed(c), { secrets: [secret], omit: ['webhook-signature'] }), 401, 'CALLBACK.BAD_SIGNATURE');
      expectProblem(await sendCallback(t, 'CBA', confirmed(c), { secrets: [secret], omit: ['webhook-id'] }), 401, 'CALLBACK.BAD_SIGNATURE');
      // a body that is invalid AND unsigned is still a 401, never a validation answer
      expectProblem(await sendCallback(t, 'CBA', { nonsense: true }, { secrets: [generateWebhookSecret()] }), 401, 'CALLBACK.BAD_SIGNATURE');
      // the signature is over the exact raw bytes: a pretty-printed body signed as sent verifies
      const res = await sendCallback(t, 'CBA', JSON.stringify(confirmed(c), null, 2), { secrets: [secret] });
      expect(res.status).toBe(200);
    });

    it('should refuse an unknown or inactive bank with 401 (the same answer as a bad signature)', async () => {
      const c = await openCase(t, analyst, 'CBA');
      expectProblem(await sendCallback(t, 'NOPE', confirmed(c), { secrets: [secret] }), 401, 'CALLBACK.BAD_SIGNATURE');
      const s2 = await createBank(t, 'CBOFF');
      await t.ds.query(`UPDATE banks SET active = false WHERE code = 'CBOFF'`);
      expectProblem(await sendCallback(t, 'CBOFF', confirmed(c), { secrets: [s2] }), 401, 'CALLBACK.BAD_SIGNATURE');
    });

    it('should accept the previous secret during a rotation and refuse it once its grace period ended', async () => {
      const old = await createBank(t, 'CBROT');
      const c1 = await openCase(t, analyst, 'CBROT');
      const c2 = await openCase(t, analyst, 'CBROT');
      const current = generateWebhookSecret();
      const [{ id }] = await t.ds.query(`SELECT id FROM banks WHERE code = 'CBROT'`);
      await t.ds.query(`UPDATE banks SET previous_secret = secret, secret = $2, previous_secret_expires_at = now() + interval '1 hour' WHERE code = $1`, [
        'CBROT',
        sealedSecret(t, id, current),
      ]);
      await sendCallback(t, 'CBROT', confirmed(c1), { secrets: [old] }).expect(200, { applied: true });
      await t.ds.query(`UPDATE banks SET previous_secret_expires_at = now() - interval '1 second' WHERE code = 'CBROT'`);
      expectProblem(await sendCallback(t, 'CBROT', confirmed(c2), { secrets: [old] }), 401, 'CALLBACK.BAD_SIGNATURE');
      await sendCallback(t, 'CBROT', confirmed(c2), { secrets: [current] }).expect(200, { applied: true });
    });
  });

  describe('body and notification', () => {
    it('should answer an unknown field with 400 and an invalid one with 422 (once signed)', async () => {
      const c = await openCase(t, analyst, 'CBA');
      expectProblem(await sendCallback(t, 'CBA', confirmed(c, { extra: 1 }), { secrets: [secret] }), 400, 'REQUEST.UNKNOWN_FIELD');
      const bad = expectProblem(await sendCallback(t, 'CBA', confirmed(c, { type: 'freeze.maybe', at: 'yesterday' }), { secrets: [secret] }), 422, 'VALIDATION.FAILED');
      expect(Object.keys(bad.errors)).toEqual(expect.arrayContaining(['type', 'at']));
    });

    it("should answer 422 CALLBACK.UNKNOWN_NOTIFICATION for an unknown id, another case's or another bank's notification", async () => {
      const c = await openCase(t, analyst, 'CBA');
      const other = await openCase(t, analyst, 'CBA');
      const s3 = await createBank(t, 'CBX');
      expectProblem(await sendCallback(t, 'CBA', confirmed(c, { notificationId: '00000000-0000-4000-8000-000000000000' }), { secrets: [secret] }), 422, 'CALLBACK.UNKNOWN_NOTIFICATION');
      expectProblem(await sendCallback(t, 'CBA', confirmed(c, { caseReference: other.reference }), { secrets: [secret] }), 422, 'CALLBACK.UNKNOWN_NOTIFICATION');
      expectProblem(await sendCallback(t, 'CBX', confirmed(c), { secrets: [s3] }), 422, 'CALLBACK.UNKNOWN_NOTIFICATION');
      const [k] = await t.ds.query(`SELECT stage FROM cases WHERE id = $1`, [c.caseId]);
      expect(k.stage).toBe('freeze');
    });
  });

  describe('callbacks that no longer apply', () => {
    it('should record a late confirmation after the case moved on as bank.callback_not_applied (200 applied:false)', async () => {
      const c = await openCase(t, analyst, 'CBA');
      let v = (await t.http().get(`/api/cases/${c.caseId}`).set(auth(analyst.token))).body;
      v = (await t.http().post(`/api/cases/${c.caseId}/actions/claim`).set(auth(analyst.token)).send({ version: v.version }).expect(200)).body;
      v = (
        await t.http().post(`/api/cases/${c.caseId}/actions/confirm_freeze`).set(auth(analyst.token)).send({ version: v.version, bankReference: 'PHONE-1', confirmedAt: past(3) }).expect(200)
      ).body;
      expect(v.stage).toBe('police_report');

      const res = await sendCallback(t, 'CBA', confirmed(c), { secrets: [secret] });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ applied: false, reason: 'stage_moved_on' });
      const after = (await t.http().get(`/api/cases/${c.caseId}`).set(auth(analyst.token))).body;
      expect(after.stage).toBe('police_report');
      expect(after.freeze.bankReference).toBe('PHONE-1');
      const ev = (await caseEvents(t, c.caseId)).find((e) => e.action === 'bank.callback_not_applied')!;
      expect(ev).toMatchObject({ actor_id: 'bank:CBA', actor_role: 'bank', data: { type: 'freeze.confirmed', reason: 'stage_moved_on', notificationId: c.notificationId } });
    });

    it('should not apply a confirmation to a closed case, but ask the bank to unfreeze what it froze late', async () => {
      const c = await openCase(t, analyst, 'CBA');
      const v = (await t.http().get(`/api/cases/${c.caseId}`).set(auth(supervisor.token))).body;
      await t.http().post(`/api/cases/${c.caseId}/actions/close_early`).set(auth(supervisor.token)).send({ version: v.version, outcome: 'no_misuse', reason: 'False alarm' }).expect(200);
      const [n] = await t.ds.query(`SELECT status FROM notifications WHERE id = $1`, [c.notificationId]);
      expect(n.status).toBe('cancelled'); // closed before delivery

      const res = await sendCallback(t, 'CBA', confirmed(c), { secrets: [secret] });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ applied: false, reason: 'case_closed' });
      const after = (await t.http().get(`/api/cases/${c.caseId}`).set(auth(analyst.token))).body;
      expect(after).toMatchObject({ status: 'closed', stage: 'freeze' });
      expect(after.freeze.unfreezeRequestedAt).toEqual(expect.any(String));
      const unfreeze = await t.ds.query(`SELECT status FROM notifications WHERE case_id = $1 AND type = 'unfreeze.requested'`, [c.caseId]);
      expect(unfreeze).toEqual([{ status: 'pending' }]);
      const ev = (await caseEvents(t, c.caseId)).find((e) => e.action === 'bank.callback_not_applied')!;
      expect(ev.data).toMatchObject({ reason: 'case_closed', notificationIds: [expect.any(String)] });
      // said twice (new webhook id): no second unfreeze
      await sendCallback(t, 'CBA', confirmed(c), { secrets: [secret] }).expect(200, { applied: false, reason: 'case_closed' });
      expect(await t.ds.query(`SELECT id FROM notifications WHERE case_id = $1 AND type = 'unfreeze.requested'`, [c.caseId])).toHaveLength(1);
    });
  });

  describe('freeze.rejected', () => {
    it('should keep the case in freeze, record the rejection and alert the supervisors', async () => {
      const c = await openCase(t, analyst, 'CBA');
      const res = await sendCallback(t, 'CBA', { type: 'freeze.rejected', notificationId: c.notificationId, caseReference: c.reference, reason: 'No court order', at: past(1) }, { secrets: [secret] });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ applied: true });
      const after = (await t.http().get(`/api/cases/${c.caseId}`).set(auth(analyst.token))).body;
      expect(after.stage).toBe('freeze');
      expect(after.freeze).toMatchObject({ rejectionReason: 'No court order', rejectedAt: expect.any(String) });
      const ev = (await caseEvents(t, c.caseId)).find((e) => e.action === 'bank.freeze_rejected')!;
      expect(ev).toMatchObject({ actor_id: 'bank:CBA', data: { reason: 'No court order' } });

      const alerts = await t.http().get('/api/alerts').query({ filter: JSON.stringify({ caseId: c.caseId }) }).set(auth(supervisor.token)).expect(200);
      expect(alerts.body).toEqual([expect.objectContaining({ type: 'freeze.rejected', caseId: c.caseId, caseReference: c.reference, stage: 'freeze', notificationId: c.notificationId, readAt: null })]);
      // the analyst (no supervisor) gets none
      const mine = await t.http().get('/api/alerts').query({ filter: JSON.stringify({ caseId: c.caseId }) }).set(auth(analyst.token)).expect(200);
      expect(mine.body).toEqual([]);

      // the same rejection again (new webhook id): recorded, still one alert per supervisor and notification
      await sendCallback(t, 'CBA', { type: 'freeze.rejected', notificationId: c.notificationId, caseReference: c.reference, reason: 'Still no', at: past(0) }, { secrets: [secret] }).expect(200);
      const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM alerts WHERE case_id = $1 AND user_id = $2`, [c.caseId, supervisor.id]);
      expect(n).toBe(1);
    });

    it('should record a rejection after a confirmation without touching the stage, and alert', async () => {
      const c = await openCase(t, analyst, 'CBA');
      await sendCallback(t, 'CBA', confirmed(c), { secrets: [secret] }).expect(200, { applied: true });
      const res = await sendCallback(t, 'CBA', { type: 'freeze.rejected', notificationId: c.notificationId, caseReference: c.reference, reason: 'Changed our mind', at: past(0) }, { secrets: [secret] });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ applied: false, reason: 'already_confirmed' });
      const after = (await t.http().get(`/api/cases/${c.caseId}`).set(auth(analyst.token))).body;
      expect(after.stage).toBe('police_report');
      expect(after.freeze.confirmedVia).toBe('callback');
      const events = await caseEvents(t, c.caseId);
      expect(events.find((e) => e.action === 'bank.callback_not_applied')).toMatchObject({ data: { type: 'freeze.rejected', reason: 'already_confirmed', bankReason: 'Changed our mind' } });
      const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM alerts WHERE case_id = $1 AND type = 'freeze.rejected' AND user_id = $2`, [c.caseId, supervisor.id]);
      expect(n).toBe(1);
    });
  });

  describe('unfreeze.confirmed', () => {
    it('should record the unfreeze of a case closed as no_misuse after a confirmed freeze', async () => {
      const c = await openCase(t, analyst, 'CBA');
      await sendCallback(t, 'CBA', confirmed(c), { secrets: [secret] }).expect(200, { applied: true });
      const v = (await t.http().get(`/api/cases/${c.caseId}`).set(auth(supervisor.token))).body;
      await t.http().post(`/api/cases/${c.caseId}/actions/close_early`).set(auth(supervisor.token)).send({ version: v.version, outcome: 'no_misuse', reason: 'Merchant lent the terminal' }).expect(200);
      const [f] = await t.ds.query(`SELECT unfreeze_notification_id FROM case_freezes WHERE case_id = $1`, [c.caseId]);
      expect(f.unfreeze_notification_id).toBeTruthy();

      // freeze.confirmed does not answer an unfreeze request
      expectProblem(
        await sendCallback(t, 'CBA', { ...confirmed(c), notificationId: f.unfreeze_notification_id }, { secrets: [secret] }),
        422,
        'CALLBACK.UNKNOWN_NOTIFICATION',
      );
      const body = { type: 'unfreeze.confirmed', notificationId: f.unfreeze_notification_id, caseReference: c.reference, bankReference: 'CBA-UFZ-1', at: past(0) };
      await sendCallback(t, 'CBA', body, { secrets: [secret] }).expect(200, { applied: true });
      const after = (await t.http().get(`/api/cases/${c.caseId}`).set(auth(analyst.token))).body;
      expect(after.freeze.unfrozenAt).toEqual(expect.any(String));
      expect((await caseEvents(t, c.caseId)).map((e) => e.action)).toContain('bank.unfreeze_confirmed');
      await sendCallback(t, 'CBA', body, { secrets: [secret] }).expect(200, { applied: false, reason: 'already_confirmed' });
    });
  });
});
