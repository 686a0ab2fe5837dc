import { verifyChain, type ChainEvent } from '@sentinel/domain';
import { past } from './ops-fixtures';
import { auth, expectProblem, TestApp, type TestUser } from './test-app';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const CSV = Buffer.from('time,amount\n2026-11-25T01:00:00Z,500.00\n');

/**
 * The review loop through the API (docs/api.md "Case actions": return_to_analyst) and four eyes (docs/domain.md
 * "Rules in detail"): what counts as having worked a case, and what does not.
 */
describe('Review loop: return_to_analyst and four eyes (API end to end)', () => {
  let t: TestApp;
  let analyst: TestUser;
  let boss: TestUser;
  let other: TestUser;
  let intake: TestUser;
  let snSeq = 0;

  beforeAll(async () => {
    t = await TestApp.start('review-loop');
    [analyst, boss, other, intake] = await Promise.all([t.createUser('analyst'), t.createUser('supervisor'), t.createUser('supervisor'), t.createUser('intake')]);
  });
  afterAll(() => t?.stop());

  async function view(id: string, u: TestUser = boss) {
    const res = await t.http().get(`/api/cases/${id}`).set(auth(u.token)).expect(200);
    return res.body;
  }
  const act = async (u: TestUser, id: string, action: string, payload: Record<string, unknown> = {}) =>
    t
      .http()
      .post(`/api/cases/${id}/actions/${action}`)
      .set(auth(u.token))
      .send({ version: (await view(id)).version, ...payload });
  const ok = async (u: TestUser, id: string, action: string, payload: Record<string, unknown> = {}) => {
    const res = await act(u, id, action, payload);
    if (res.status !== 200) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const upload = async (u: TestUser, id: string, type: string) => {
    const res = await t
      .http()
      .post(`/api/cases/${id}/evidence`)
      .set(auth(u.token))
      .field('type', type)
      .attach('file', type === 'transaction_records' ? CSV : PDF, type === 'transaction_records' ? 'tx.csv' : 'doc.pdf');
    if (res.status !== 201) throw new Error(`upload: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const events = async (id: string): Promise<ChainEvent[]> => (await t.http().get(`/api/cases/${id}/events`).set(auth(boss.token)).expect(200)).body;

  /** A case the analyst worked up to review. */
  async function inReview(): Promise<string> {
    const rep = await t
      .http()
      .post('/api/reports')
      .set(auth(intake.token))
      .send({ sn: `LOOP-${process.pid}-${++snSeq}`, channel: 'partner_api', misuseType: 'other' })
      .expect(201);
    const id = rep.body.caseId;
    await ok(analyst, id, 'claim');
    await ok(analyst, id, 'confirm_freeze', { bankReference: 'B-1', confirmedAt: past(9) });
    await ok(analyst, id, 'record_police_report', { agency: 'PSB', reportNumber: 'R-1', filedAt: past(8) });
    await ok(analyst, id, 'log_merchant_contact', { channel: 'phone', contactedAt: past(7), outcome: 'reached', findings: 'Terminal in the shop' });
    await upload(analyst, id, 'transaction_records');
    await upload(analyst, id, 'police_receipt');
    expect((await ok(analyst, id, 'submit_for_review')).stage).toBe('review');
    return id;
  }

  it('should send a case in review back to its analyst: evidence stage, a new clock, the reason shown, the analyst alerted', async () => {
    const id = await inReview();
    const before = await view(id);
    expect(before.allowedActions).toEqual(expect.arrayContaining(['resolve', 'return_to_analyst']));
    expect(before.lastReturn).toBeNull();

    const c = await ok(boss, id, 'return_to_analyst', { reason: 'The police receipt is illegible' });
    expect(c).toMatchObject({
      stage: 'evidence',
      status: 'open',
      assigneeId: analyst.id,
      version: before.version + 1,
      lastReturn: { reason: 'The police receipt is illegible', by: boss.id, byName: expect.any(String), at: expect.any(String) },
      exitRule: { met: true, missing: [] },
    });
    expect(new Date(c.lastReturn.at).getTime()).toBeGreaterThan(Date.now() - 60_000);
    const review = c.clocks.filter((k: { stage: string }) => k.stage === 'review');
    const evidence = c.clocks.filter((k: { stage: string }) => k.stage === 'evidence');
    expect(review.map((k: { state: string }) => k.state)).toEqual(['met']);
    expect(evidence.map((k: { state: string }) => k.state)).toEqual(['met', 'on_track']);
    expect(c.dueAt).toBe(evidence[1].dueAt);

    const evs = await events(id);
    expect(evs[evs.length - 1]).toMatchObject({
      action: 'return_to_analyst',
      actor: { id: boss.id, role: 'supervisor' },
      data: { before: { stage: 'review' }, after: { stage: 'evidence' }, assigneeId: analyst.id, reason: 'The police receipt is illegible' },
    });
    expect(verifyChain(evs, { lastSeq: c.lastEventSeq, headHash: c.headHash }).ok).toBe(true);

    const alerts = (await t.http().get('/api/alerts').set(auth(analyst.token)).expect(200)).body;
    expect(alerts.filter((a: { type: string; caseId: string }) => a.type === 'case.returned' && a.caseId === id)).toEqual([
      expect.objectContaining({ type: 'case.returned', caseId: id, caseReference: c.reference, stage: 'evidence' }),
    ]);
    // Only the assignee is told: supervisors are not.
    const bossAlerts = (await t.http().get('/api/alerts').set(auth(boss.token)).expect(200)).body;
    expect(bossAlerts.some((a: { type: string }) => a.type === 'case.returned')).toBe(false);

    // The analyst works it again and resubmits; the supervisor who returned it may still resolve (a return is not work).
    expect(c.allowedActions).not.toContain('return_to_analyst');
    expect((await ok(analyst, id, 'submit_for_review')).stage).toBe('review');
    expect((await ok(boss, id, 'resolve', { outcome: 'confirmed_misuse', summary: 'Cloned terminal' })).status).toBe('closed');
    expect((await view(id)).lastReturn).toMatchObject({ reason: 'The police receipt is illegible' });
  });

  it('should refuse return_to_analyst outside review (422), to an analyst (403) and to the assignee (403 CASE.FOUR_EYES)', async () => {
    const id = await inReview();
    expectProblem(await act(analyst, id, 'return_to_analyst', { reason: 'r' }), 403, 'AUTH.FORBIDDEN');
    await ok(boss, id, 'assign', { assigneeId: other.id });
    const p = expectProblem(await act(other, id, 'return_to_analyst', { reason: 'r' }), 403, 'CASE.FOUR_EYES');
    expect(p.params).toMatchObject({ action: 'return_to_analyst', reason: 'assignee' });
    const v = expectProblem(await act(boss, id, 'return_to_analyst', { reason: '   ' }), 422, 'VALIDATION.FAILED');
    expect(v.errors).toHaveProperty('reason');
    expectProblem(await act(boss, id, 'return_to_analyst', {}), 422, 'VALIDATION.FAILED');
    expectProblem(await act(boss, id, 'return_to_analyst', { reason: 'r', extra: 1 }), 400, 'REQUEST.UNKNOWN_FIELD');
    await ok(boss, id, 'return_to_analyst', { reason: 'Wrong merchant statement' });
    // Back in evidence: the stage check (422) comes before the payload is looked at.
    expectProblem(await act(boss, id, 'return_to_analyst', { reason: 'again', extra: 1 }), 422, 'CASE.ACTION_NOT_ALLOWED');
  });

  it('should refuse to resolve a case in review to a supervisor who removed evidence from it (four eyes)', async () => {
    const id = await inReview();
    const extra = await upload(boss, id, 'terminal_photo');
    const removed = await t.http().post(`/api/evidence/${extra.id}/remove`).set(auth(boss.token)).send({ reason: 'Duplicate photo' });
    expect(removed.status).toBe(200);
    const c = await view(id);
    expect(c.stage).toBe('review');
    expect(c.allowedActions).not.toContain('resolve');
    const p = expectProblem(await act(boss, id, 'resolve', { outcome: 'no_misuse', summary: 's' }), 403, 'CASE.FOUR_EYES');
    expect(p.params).toMatchObject({ action: 'resolve', reason: 'worked_on_case' });
    // Another supervisor may.
    expect((await ok(other, id, 'resolve', { outcome: 'no_misuse', summary: 'Merchant lent it' })).status).toBe('closed');
  });

  it.each<[string, (id: string, u: TestUser) => Promise<unknown>]>([
    ['set_priority', (id, u) => ok(u, id, 'set_priority', { priority: 'p1', reason: 'Large amount' })],
    ['record_police_report (a correction in review)', (id, u) => ok(u, id, 'record_police_report', { agency: 'PSB', reportNumber: 'R-2', filedAt: past(1) })],
    ['log_merchant_contact', (id, u) => ok(u, id, 'log_merchant_contact', { channel: 'sms', contactedAt: past(1), outcome: 'no_answer' })],
    ['evidence added', (id, u) => upload(u, id, 'other')],
  ])('should count %s as having worked the case', async (_name, work) => {
    const id = await inReview();
    await work(id, boss);
    expectProblem(await act(boss, id, 'resolve', { outcome: 'no_misuse', summary: 's' }), 403, 'CASE.FOUR_EYES');
  });

  it.each<[string, (id: string, u: TestUser) => Promise<unknown>]>([
    ['assign', (id, u) => ok(u, id, 'assign', { assigneeId: analyst.id })],
    ['add_note', (id, u) => ok(u, id, 'add_note', { text: 'Looked at it' })],
    ['return_to_analyst and the resubmission', async (id, u) => {
      await ok(u, id, 'return_to_analyst', { reason: 'Check the receipt' });
      await ok(analyst, id, 'submit_for_review');
    }],
  ])('should not count %s as having worked the case', async (_name, touch) => {
    const id = await inReview();
    await touch(id, boss);
    expect((await ok(boss, id, 'resolve', { outcome: 'no_misuse', summary: 's' })).status).toBe('closed');
  });
});
