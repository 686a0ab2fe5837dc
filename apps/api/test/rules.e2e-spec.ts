import { CASE_ACTIONS, type CaseAction } from '@sentinel/contracts';
import { auth, expectProblem, TestApp, type TestUser } from './test-app';
import { createBank } from './ops-fixtures';

/**
 * Every rule of docs/domain.md "Rules in detail" refused through the API: exit rules and stage
 * preconditions (422), role / ownership / four-eyes refusals (403), unfreeze on close and refreeze on
 * reopen, allowedActions per role.
 */

const past = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const future = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const CSV = Buffer.from('time,amount\n2026-11-25T01:00:00Z,500.00\n');

describe('Case rules (API end to end)', () => {
  let t: TestApp;
  let analyst: TestUser;
  let analyst2: TestUser;
  let boss: TestUser; // a supervisor who drives and assigns; never the one under test
  let clean: TestUser; // a supervisor who never works a case
  let auditor: TestUser;
  let admin: TestUser;
  let intake: TestUser;
  let snSeq = 0;

  beforeAll(async () => {
    t = await TestApp.start('rules');
    [analyst, analyst2, boss, clean, auditor, admin, intake] = await Promise.all([
      t.createUser('analyst'),
      t.createUser('analyst'),
      t.createUser('supervisor'),
      t.createUser('supervisor'),
      t.createUser('auditor'),
      t.createUser('admin'),
      t.createUser('intake'),
    ]);
    await createBank(t, 'TB', undefined, 'Test Bank');
  });
  afterAll(() => t?.stop());

  const nextSn = () => `RULES-${String(++snSeq).padStart(6, '0')}`;

  /** Valid payloads (version added by act): only the rule under test may fail. */
  const payloads = (): Record<CaseAction, Record<string, unknown>> => ({
    claim: {},
    assign: { assigneeId: analyst.id },
    release: {},
    request_freeze: { bankCode: 'TB' },
    confirm_freeze: { bankReference: 'TB-FRZ-1', confirmedAt: past(5) },
    record_freeze_notice: { notifiedAt: past(4), channel: 'phone', notifiedBy: 'bank', appealInstructionsGiven: true },
    record_freeze_rejection: { reason: 'Bank refused: no court order' },
    record_police_report: { agency: 'Huangpu PSB', reportNumber: 'HP-2026-0042', filedAt: past(3) },
    log_merchant_contact: { channel: 'phone', contactedAt: past(2), outcome: 'reached', findings: 'Terminal in the shop' },
    submit_for_review: {},
    waive_stage: { reason: 'Handled by the bank directly' },
    resolve: { outcome: 'no_misuse', summary: 'Nothing wrong' },
    return_to_analyst: { reason: 'The receipt is illegible' },
    close_early: { outcome: 'no_misuse', reason: 'False alarm' },
    reopen: { reason: 'New facts' },
    set_priority: { priority: 'p1', reason: 'Large amount' },
    add_note: { text: 'A note' },
  });

  async function open(extra: Record<string, unknown> = {}, by: TestUser = intake): Promise<string> {
    const res = await t
      .http()
      .post('/api/reports')
      .set(auth(by.token))
      .send({ sn: nextSn(), channel: 'partner_api', misuseType: 'other', ...extra });
    if (res.status !== 201) throw new Error(`report: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.caseId;
  }

  async function view(id: string, u: TestUser = boss): Promise<any> {
    const res = await t.http().get(`/api/cases/${id}`).set(auth(u.token));
    if (res.status !== 200) throw new Error(`view: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async function act(u: TestUser, id: string, action: string, payload: Record<string, unknown> = {}) {
    const version = payload.version ?? (await view(id)).version;
    return t.http().post(`/api/cases/${id}/actions/${action}`).set(auth(u.token)).send({ ...payload, version });
  }

  async function ok(u: TestUser, id: string, action: CaseAction, payload: Record<string, unknown> = payloads()[action]): Promise<any> {
    const res = await act(u, id, action, payload);
    if (res.status !== 200) throw new Error(`${action} by ${u.email}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async function upload(u: TestUser, id: string, type: string, pdf = true) {
    return t
      .http()
      .post(`/api/cases/${id}/evidence`)
      .set(auth(u.token))
      .field('type', type)
      .attach('file', pdf ? PDF : CSV, pdf ? 'doc.pdf' : 'tx.csv');
  }

  async function uploadOk(u: TestUser, id: string, type: string) {
    const res = await upload(u, id, type, type !== 'transaction_records');
    if (res.status !== 201) throw new Error(`upload ${type}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** Moves a case forward with `by` doing each stage's work until it reaches `stage`. */
  async function advanceTo(id: string, stage: string, by: TestUser): Promise<any> {
    let c = await view(id);
    const step = async () => {
      switch (c.stage) {
        case 'freeze':
          return ok(by, id, 'confirm_freeze');
        case 'police_report':
          return ok(by, id, 'record_police_report');
        case 'merchant_contact':
          return ok(by, id, 'log_merchant_contact');
        case 'evidence':
          if (!c.evidence.some((e: any) => e.type === 'transaction_records' && !e.removedAt)) await uploadOk(by, id, 'transaction_records');
          if (!c.evidence.some((e: any) => e.type === 'police_receipt' && !e.removedAt)) await uploadOk(by, id, 'police_receipt');
          return ok(by, id, 'submit_for_review');
        default:
          throw new Error(`cannot advance from ${c.stage}`);
      }
    };
    while (c.stage !== stage) c = await step().then(() => view(id));
    return c;
  }

  /** A case claimed by `owner` (an analyst unless said otherwise) and moved to `stage`. */
  async function caseIn(stage: string, owner: TestUser = analyst, extra: Record<string, unknown> = {}): Promise<string> {
    const id = await open(extra);
    await ok(owner, id, 'claim');
    await advanceTo(id, stage, owner);
    return id;
  }

  describe('exit rules and stage preconditions (422)', () => {
    it('should refuse submit_for_review without transaction records and police receipt, naming what is missing', async () => {
      const id = await caseIn('evidence');
      let p = expectProblem(await act(analyst, id, 'submit_for_review'), 422, 'CASE.EXIT_RULE_UNMET');
      expect(p.params).toMatchObject({ stage: 'evidence', missing: ['transaction_records', 'police_receipt'] });
      expect((await view(id)).exitRule).toEqual({ met: false, missing: ['transaction_records', 'police_receipt'] });

      await uploadOk(analyst, id, 'transaction_records');
      p = expectProblem(await act(analyst, id, 'submit_for_review'), 422, 'CASE.EXIT_RULE_UNMET');
      expect(p.params.missing).toEqual(['police_receipt']);

      // a removed police receipt does not count
      const rc = await uploadOk(analyst, id, 'police_receipt');
      await t.http().post(`/api/evidence/${rc.id}/remove`).set(auth(analyst.token)).send({ reason: 'wrong file' }).expect(200);
      p = expectProblem(await act(analyst, id, 'submit_for_review'), 422, 'CASE.EXIT_RULE_UNMET');
      expect(p.params.missing).toEqual(['police_receipt']);

      await uploadOk(analyst, id, 'police_receipt');
      expect((await view(id)).exitRule).toEqual({ met: true, missing: [] });
      expect((await ok(analyst, id, 'submit_for_review')).stage).toBe('review');
    });

    it('should not require the police receipt when the police stage was waived', async () => {
      const id = await caseIn('police_report');
      expect((await ok(boss, id, 'waive_stage')).stage).toBe('merchant_contact');
      await ok(analyst, id, 'log_merchant_contact');
      const c = await view(id);
      expect(c.stage).toBe('evidence');
      expect(c.waivedStages).toEqual(['police_report']);
      expect(c.exitRule).toEqual({ met: false, missing: ['transaction_records'] });
      const p = expectProblem(await act(analyst, id, 'submit_for_review'), 422, 'CASE.EXIT_RULE_UNMET');
      expect(p.params.missing).toEqual(['transaction_records']);
      await uploadOk(analyst, id, 'transaction_records');
      expect((await ok(analyst, id, 'submit_for_review')).stage).toBe('review');
    });

    it('should require findings when the merchant was reached, and keep the stage on other outcomes', async () => {
      const id = await caseIn('merchant_contact');
      const p = expectProblem(
        await act(analyst, id, 'log_merchant_contact', { channel: 'phone', contactedAt: past(1), outcome: 'reached' }),
        422,
        'VALIDATION.FAILED',
      );
      expect(p.errors).toHaveProperty('findings');
      expectProblem(
        await act(analyst, id, 'log_merchant_contact', { channel: 'phone', contactedAt: past(1), outcome: 'reached', findings: '   ' }),
        422,
        'VALIDATION.FAILED',
      );
      const c = await ok(analyst, id, 'log_merchant_contact', { channel: 'phone', contactedAt: past(1), outcome: 'no_answer' });
      expect(c.stage).toBe('merchant_contact');
      expect(c.exitRule).toEqual({ met: false, missing: ['merchant_contact.reached'] });
      expect(c.merchantContacts).toHaveLength(1);
    });

    it('should refuse recorded facts dated in the future', async () => {
      const id = await caseIn('freeze');
      let p = expectProblem(await act(analyst, id, 'confirm_freeze', { bankReference: 'X-1', confirmedAt: future(10) }), 422, 'VALIDATION.FAILED');
      expect(p.errors).toHaveProperty('confirmedAt');
      expect((await view(id)).stage).toBe('freeze');
      await ok(analyst, id, 'confirm_freeze');
      p = expectProblem(
        await act(analyst, id, 'record_police_report', { agency: 'PSB', reportNumber: 'N-1', filedAt: future(60) }),
        422,
        'VALIDATION.FAILED',
      );
      expect(p.errors).toHaveProperty('filedAt');
    });

    it('should refuse actions in the wrong stage or state (CASE.ACTION_NOT_ALLOWED)', async () => {
      const P = payloads();
      const id = await caseIn('freeze');
      for (const action of ['record_police_report', 'log_merchant_contact', 'submit_for_review', 'resolve', 'reopen', 'record_freeze_notice'] as CaseAction[]) {
        const by = ['resolve', 'reopen'].includes(action) ? boss : analyst; // analysts may not resolve/reopen at all
        const p = expectProblem(await act(by, id, action, P[action]), 422, 'CASE.ACTION_NOT_ALLOWED');
        expect(p.params).toMatchObject({ action, stage: 'freeze', status: 'open' });
      }
      await ok(analyst, id, 'confirm_freeze');
      for (const action of ['confirm_freeze', 'record_freeze_rejection', 'request_freeze', 'log_merchant_contact', 'submit_for_review'] as CaseAction[]) {
        expectProblem(await act(analyst, id, action, P[action]), 422, 'CASE.ACTION_NOT_ALLOWED');
      }
      // release of an unassigned case
      const un = await open();
      expectProblem(await act(boss, un, 'release'), 422, 'CASE.ACTION_NOT_ALLOWED');
    });

    it('should refuse waiving the review stage (CASE.STAGE_NOT_WAIVABLE)', async () => {
      const id = await caseIn('review');
      const p = expectProblem(await act(boss, id, 'waive_stage', payloads().waive_stage), 422, 'CASE.STAGE_NOT_WAIVABLE');
      expect(p.params).toMatchObject({ stage: 'review' });
    });

    it('should resolve only in review', async () => {
      for (const stage of ['freeze', 'police_report', 'merchant_contact', 'evidence']) {
        const id = await caseIn(stage);
        const p = expectProblem(await act(clean, id, 'resolve', { outcome: 'no_misuse', summary: 'x' }), 422, 'CASE.ACTION_NOT_ALLOWED');
        expect(p.params).toMatchObject({ stage, allowedStages: ['review'] });
      }
    });

    it('should require duplicateOfCaseId with outcome duplicate (resolve and close_early)', async () => {
      const other = await open();
      const id = await caseIn('review');
      let p = expectProblem(await act(clean, id, 'resolve', { outcome: 'duplicate', summary: 'dup' }), 422, 'VALIDATION.FAILED');
      expect(p.errors).toHaveProperty('duplicateOfCaseId');
      p = expectProblem(await act(clean, id, 'close_early', { outcome: 'duplicate', reason: 'dup' }), 422, 'VALIDATION.FAILED');
      expect(p.errors).toHaveProperty('duplicateOfCaseId');
      p = expectProblem(await act(clean, id, 'close_early', { outcome: 'duplicate', reason: 'dup', duplicateOfCaseId: id }), 422, 'VALIDATION.FAILED');
      expect(p.errors).toHaveProperty('duplicateOfCaseId');
      p = expectProblem(
        await act(clean, id, 'close_early', { outcome: 'duplicate', reason: 'dup', duplicateOfCaseId: '00000000-0000-4000-8000-000000000000' }),
        422,
        'VALIDATION.FAILED',
      );
      expect(p.errors).toHaveProperty('duplicateOfCaseId');
      const c = await ok(clean, id, 'resolve', { outcome: 'duplicate', summary: 'dup', duplicateOfCaseId: other });
      expect(c).toMatchObject({ status: 'closed', outcome: 'duplicate', duplicateOfCaseId: other });
    });

    it('should take only reopen and add_note on a closed case', async () => {
      const P = payloads();
      const id = await caseIn('police_report');
      await ok(clean, id, 'close_early');
      for (const action of CASE_ACTIONS.filter((a) => a !== 'reopen' && a !== 'add_note')) {
        const p = expectProblem(await act(boss, id, action, P[action]), 422, 'CASE.ACTION_NOT_ALLOWED');
        expect(p.params).toMatchObject({ action, status: 'closed' });
      }
      expectProblem(await upload(boss, id, 'police_receipt'), 422, 'CASE.ACTION_NOT_ALLOWED');
      expect((await view(id, clean)).allowedActions.sort()).toEqual(['add_note', 'reopen']);
      const before = await view(id);
      const noted = await ok(analyst, id, 'add_note');
      expect(noted.version).toBe(before.version);
      expect(noted.notes.map((n: any) => n.text)).toEqual(['A note']);
      const re = await ok(clean, id, 'reopen');
      expect(re).toMatchObject({ status: 'open', stage: 'police_report', outcome: null });
      expect(re.clocks.filter((k: any) => k.stage === 'police_report').map((k: any) => k.state)).toEqual(['cancelled', 'on_track']);
    });

    it('should refuse reopening while the SN has another open case (CASE.SN_HAS_OPEN_CASE)', async () => {
      const sn = nextSn();
      const first = await open({ sn });
      await ok(clean, first, 'close_early');
      const second = await open({ sn });
      expect(second).not.toBe(first);
      const p = expectProblem(await act(clean, first, 'reopen', payloads().reopen), 422, 'CASE.SN_HAS_OPEN_CASE');
      expect(p.params).toMatchObject({ caseId: first });
      await ok(clean, second, 'close_early');
      expect((await ok(clean, first, 'reopen')).status).toBe('open');
    });

    it('should refuse claim in review with 422 before ALREADY_ASSIGNED, and claim of an assigned case with 409', async () => {
      const inReview = await caseIn('review');
      let p = expectProblem(await act(analyst2, inReview, 'claim'), 422, 'CASE.ACTION_NOT_ALLOWED');
      expect(p.params).toMatchObject({ stage: 'review' });
      expectProblem(await act(boss, inReview, 'claim'), 422, 'CASE.ACTION_NOT_ALLOWED');
      expectProblem(await act(analyst, inReview, 'claim'), 422, 'CASE.ACTION_NOT_ALLOWED');

      const assigned = await caseIn('freeze');
      p = expectProblem(await act(analyst2, assigned, 'claim'), 409, 'CASE.ALREADY_ASSIGNED');
      expect(p.params).toMatchObject({ assigneeId: analyst.id });
      expectProblem(await act(boss, assigned, 'claim'), 409, 'CASE.ALREADY_ASSIGNED');
      expectProblem(await act(analyst, assigned, 'claim'), 409, 'CASE.ALREADY_ASSIGNED');
    });

    it('should refuse a stale version before anything else (409)', async () => {
      const id = await caseIn('freeze');
      const { version } = await view(id);
      const p = expectProblem(await act(auditor, id, 'add_note', { text: 'x', version: version + 5 }), 403, 'AUTH.FORBIDDEN');
      expect(p).toBeTruthy(); // the route guard refuses the auditor before the case is read
      const q = expectProblem(await act(analyst2, id, 'add_note', { text: 'x', version: version - 1 }), 409, 'CASE.VERSION_CONFLICT');
      expect(q.params).toMatchObject({ currentVersion: version, sentVersion: version - 1 });
    });
  });

  describe('role and ownership refusals (403)', () => {
    it('should refuse auditors, admins and intake clients every case action, claim-next, bulk and evidence upload', async () => {
      const P = payloads();
      const id = await caseIn('freeze');
      const { version } = await view(id);
      for (const u of [auditor, admin, intake]) {
        for (const action of CASE_ACTIONS) {
          expectProblem(await act(u, id, action, { ...P[action], version }), 403, 'AUTH.FORBIDDEN');
        }
        expectProblem(await t.http().post('/api/cases/claim-next').set(auth(u.token)).send({}), 403, 'AUTH.FORBIDDEN');
        expectProblem(
          await t.http().post('/api/cases/bulk').set(auth(u.token)).send({ ids: [id], action: 'close_early', payload: P.close_early }),
          403,
          'AUTH.FORBIDDEN',
        );
        expectProblem(await upload(u, id, 'police_receipt'), 403, 'AUTH.FORBIDDEN');
      }
      expect((await view(id)).version).toBe(version);
      // analysts may not bulk either
      expectProblem(
        await t.http().post('/api/cases/bulk').set(auth(analyst.token)).send({ ids: [id], action: 'assign', payload: { assigneeId: analyst.id } }),
        403,
        'AUTH.FORBIDDEN',
      );
    });

    it('should refuse an analyst every action on a case assigned to someone else (CASE.NOT_OWNER)', async () => {
      const P = payloads();
      const inFreeze = await caseIn('freeze');
      for (const action of ['release', 'request_freeze', 'confirm_freeze', 'record_freeze_rejection', 'add_note'] as CaseAction[]) {
        const p = expectProblem(await act(analyst2, inFreeze, action, P[action]), 403, 'CASE.NOT_OWNER');
        expect(p.params).toMatchObject({ assigneeId: analyst.id });
      }
      expectProblem(await upload(analyst2, inFreeze, 'police_receipt'), 403, 'CASE.NOT_OWNER');
      const inPolice = await caseIn('police_report');
      for (const action of ['record_police_report', 'record_freeze_notice'] as CaseAction[]) {
        expectProblem(await act(analyst2, inPolice, action, P[action]), 403, 'CASE.NOT_OWNER');
      }
      const inContact = await caseIn('merchant_contact');
      expectProblem(await act(analyst2, inContact, 'log_merchant_contact', P.log_merchant_contact), 403, 'CASE.NOT_OWNER');
      const inEvidence = await caseIn('evidence');
      await uploadOk(analyst, inEvidence, 'transaction_records');
      await uploadOk(analyst, inEvidence, 'police_receipt');
      expectProblem(await act(analyst2, inEvidence, 'submit_for_review'), 403, 'CASE.NOT_OWNER');
      const ev = (await view(inEvidence)).evidence[0];
      expectProblem(await t.http().post(`/api/evidence/${ev.id}/remove`).set(auth(analyst2.token)).send({ reason: 'mine now' }), 403, 'CASE.NOT_OWNER');
      // an unassigned case: claim first
      const un = await open();
      const p = expectProblem(await act(analyst, un, 'confirm_freeze', P.confirm_freeze), 403, 'CASE.NOT_OWNER');
      expect(p.detail).toMatch(/claim/i);
    });

    it('should refuse analysts the supervisor actions even on their own case (AUTH.FORBIDDEN)', async () => {
      const P = payloads();
      const own = await caseIn('review');
      for (const action of ['waive_stage', 'resolve', 'close_early', 'set_priority', 'assign'] as CaseAction[]) {
        const p = expectProblem(await act(analyst, own, action, P[action]), 403, 'AUTH.FORBIDDEN');
        expect(p.params).toMatchObject({ action, role: 'analyst' });
      }
      const inFreeze = await caseIn('freeze');
      expectProblem(await act(analyst, inFreeze, 'waive_stage', P.waive_stage), 403, 'AUTH.FORBIDDEN');
      await ok(clean, inFreeze, 'close_early');
      expectProblem(await act(analyst, inFreeze, 'reopen', P.reopen), 403, 'AUTH.FORBIDDEN');
    });
  });

  describe('four eyes (CASE.FOUR_EYES)', () => {
    type Involvement = { kind: string; reason: 'assignee' | 'worked_on_case'; build: (s: TestUser) => Promise<string> };
    const involvements: Involvement[] = [
      {
        kind: 'is the assignee',
        reason: 'assignee',
        build: async (s) => {
          const id = await open();
          await advanceTo(id, 'review', boss); // boss works it unassigned
          await ok(boss, id, 'assign', { assigneeId: s.id });
          return id;
        },
      },
      {
        kind: 'claimed it',
        reason: 'worked_on_case',
        build: async (s) => {
          const id = await open();
          await ok(s, id, 'claim');
          await ok(boss, id, 'assign', { assigneeId: analyst.id });
          await advanceTo(id, 'review', analyst);
          return id;
        },
      },
      {
        kind: 'confirmed the freeze',
        reason: 'worked_on_case',
        build: async (s) => {
          const id = await caseIn('freeze');
          await ok(s, id, 'confirm_freeze');
          await advanceTo(id, 'review', analyst);
          return id;
        },
      },
      {
        kind: 'recorded the police report',
        reason: 'worked_on_case',
        build: async (s) => {
          const id = await caseIn('police_report');
          await ok(s, id, 'record_police_report');
          await advanceTo(id, 'review', analyst);
          return id;
        },
      },
      {
        kind: 'logged a merchant contact',
        reason: 'worked_on_case',
        build: async (s) => {
          const id = await caseIn('merchant_contact');
          await ok(s, id, 'log_merchant_contact', { channel: 'sms', contactedAt: past(1), outcome: 'no_answer' });
          await advanceTo(id, 'review', analyst);
          return id;
        },
      },
      {
        kind: 'added evidence',
        reason: 'worked_on_case',
        build: async (s) => {
          const id = await caseIn('evidence');
          await uploadOk(s, id, 'police_receipt');
          await advanceTo(id, 'review', analyst);
          return id;
        },
      },
      {
        kind: 'submitted for review',
        reason: 'worked_on_case',
        build: async (s) => {
          const id = await caseIn('evidence');
          await uploadOk(analyst, id, 'transaction_records');
          await uploadOk(analyst, id, 'police_receipt');
          await ok(s, id, 'submit_for_review');
          return id;
        },
      },
      {
        kind: 'waived a stage',
        reason: 'worked_on_case',
        build: async (s) => {
          const id = await caseIn('merchant_contact');
          await ok(s, id, 'waive_stage');
          await advanceTo(id, 'review', analyst);
          return id;
        },
      },
    ];

    it.each(involvements.map((i) => [i.kind, i] as const))(
      'should refuse resolve, close_early and reopen to a supervisor who %s',
      async (_kind, inv) => {
        const s = await t.createUser('supervisor');
        const id = await inv.build(s);
        const c = await view(id, s);
        expect(c.stage).toBe('review');
        expect(c.allowedActions).not.toEqual(expect.arrayContaining(['resolve']));
        expect(c.allowedActions).not.toContain('close_early');
        expect((await view(id, clean)).allowedActions).toEqual(expect.arrayContaining(['resolve', 'close_early']));

        let p = expectProblem(await act(s, id, 'resolve', { outcome: 'confirmed_misuse', summary: 'x' }), 403, 'CASE.FOUR_EYES');
        expect(p.params).toMatchObject({ action: 'resolve', reason: inv.reason });
        p = expectProblem(await act(s, id, 'close_early', { outcome: 'no_misuse', reason: 'x' }), 403, 'CASE.FOUR_EYES');
        expect(p.params).toMatchObject({ action: 'close_early', reason: inv.reason });

        await ok(clean, id, 'resolve', { outcome: 'confirmed_misuse', summary: 'Confirmed' });
        expect((await view(id, s)).allowedActions).toEqual(['add_note']);
        p = expectProblem(await act(s, id, 'reopen', { reason: 'x' }), 403, 'CASE.FOUR_EYES');
        expect(p.params).toMatchObject({ action: 'reopen', reason: inv.reason });
        expect((await ok(clean, id, 'reopen')).status).toBe('open');
      },
    );

    it('should apply four eyes to each id of a bulk close (per-id results)', async () => {
      const s = await t.createUser('supervisor');
      const worked = await open();
      await ok(s, worked, 'claim');
      const free = await caseIn('police_report');
      const assignedToS = await caseIn('freeze');
      await ok(boss, assignedToS, 'assign', { assigneeId: s.id });
      const missing = '00000000-0000-4000-8000-000000000001';
      const res = await t
        .http()
        .post('/api/cases/bulk')
        .set(auth(s.token))
        .send({ ids: [worked, free, assignedToS, missing], action: 'close_early', payload: { outcome: 'no_misuse', reason: 'Bulk clean-up' } })
        .expect(200);
      expect(res.body).toEqual([
        expect.objectContaining({ id: worked, ok: false, status: 403, code: 'CASE.FOUR_EYES' }),
        expect.objectContaining({ id: free, ok: true, status: 200 }),
        expect.objectContaining({ id: assignedToS, ok: false, status: 403, code: 'CASE.FOUR_EYES' }),
        expect.objectContaining({ id: missing, ok: false, status: 404 }),
      ]);
      expect((await view(worked)).status).toBe('open');
      expect((await view(free)).status).toBe('closed');
      expect((await view(assignedToS)).status).toBe('open');
    });
  });

  describe('unfreeze', () => {
    const notifications = (caseId: string) =>
      t.ds.query(`SELECT id, type, status, payload FROM notifications WHERE case_id = $1 ORDER BY created_at, type`, [caseId]);
    const events = async (caseId: string) => (await t.http().get(`/api/cases/${caseId}/events`).set(auth(auditor.token)).expect(200)).body;

    it('should queue unfreeze.requested on close_early no_misuse after a confirmed freeze, and refreeze on reopen', async () => {
      const id = await open({ bankCode: 'TB', channel: 'bank_alert' });
      let n = await notifications(id);
      expect(n.map((x: any) => [x.type, x.status])).toEqual([['freeze.requested', 'pending']]);
      // the bank delivered; then the analyst records its confirmation
      await t.ds.query(`UPDATE notifications SET status = 'delivered', delivered_at = now() WHERE id = $1`, [n[0].id]);
      await ok(analyst, id, 'claim');
      await ok(analyst, id, 'confirm_freeze');
      const closed = await ok(clean, id, 'close_early', { outcome: 'no_misuse', reason: 'Merchant cleared' });
      expect(closed.freeze.unfreezeRequestedAt).not.toBeNull();

      n = await notifications(id);
      const unfreeze = n.filter((x: any) => x.type === 'unfreeze.requested');
      expect(unfreeze).toHaveLength(1);
      expect(unfreeze[0]).toMatchObject({ status: 'pending', payload: expect.objectContaining({ bankCode: 'TB', caseId: id, reason: 'no_misuse' }) });
      expect(n.filter((x: any) => x.type === 'case.closed')).toHaveLength(1);
      expect(n.find((x: any) => x.type === 'freeze.requested').status).toBe('delivered');
      const ev = (await events(id)).at(-1);
      expect(ev).toMatchObject({ action: 'close_early', data: expect.objectContaining({ unfreezeRequested: true, freezeRequestCancelled: false }) });
      expect(ev.data.notificationIds).toEqual(expect.arrayContaining([unfreeze[0].id]));

      const re = await ok(clean, id, 'reopen', { reason: 'Bank saw more swipes' });
      expect(re).toMatchObject({ status: 'open', stage: 'freeze', outcome: null });
      expect(re.freeze).toMatchObject({ confirmedAt: null, bankReference: null, unfreezeRequestedAt: null, notificationStatus: 'pending' });
      n = await notifications(id);
      const freezes = n.filter((x: any) => x.type === 'freeze.requested');
      expect(freezes.map((x: any) => x.status)).toEqual(['delivered', 'pending']);
      expect(re.freeze.notificationId).toBe(freezes[1].id);
      const reopenEv = (await events(id)).at(-1);
      expect(reopenEv).toMatchObject({ action: 'reopen', data: expect.objectContaining({ freezeRequested: true, notificationIds: [freezes[1].id] }) });
      expect(re.clocks.filter((k: any) => k.stage === 'freeze').map((k: any) => k.state)).toEqual(['met', 'on_track']);
    });

    it('should queue unfreeze on resolve no_misuse after the freeze was confirmed by phone but not on confirmed_misuse', async () => {
      const a = await caseIn('review', analyst, { bankCode: 'TB', channel: 'bank_alert' });
      await ok(clean, a, 'resolve', { outcome: 'confirmed_misuse', summary: 'Confirmed' });
      expect((await notifications(a)).filter((x: any) => x.type === 'unfreeze.requested')).toHaveLength(0);
      const b = await caseIn('review', analyst, { bankCode: 'TB', channel: 'bank_alert' });
      await ok(clean, b, 'resolve', { outcome: 'no_misuse', summary: 'Cleared' });
      expect((await notifications(b)).filter((x: any) => x.type === 'unfreeze.requested')).toHaveLength(1);
    });

    it('should cancel a still-pending freeze request on close, without an unfreeze', async () => {
      const id = await open({ bankCode: 'TB', channel: 'bank_alert' });
      const closed = await ok(clean, id, 'close_early', { outcome: 'no_misuse', reason: 'Reported by mistake' });
      expect(closed.freeze.notificationStatus).toBe('cancelled');
      const n = await notifications(id);
      expect(n.map((x: any) => [x.type, x.status]).sort()).toEqual([
        ['case.closed', 'pending'],
        ['freeze.requested', 'cancelled'],
      ]);
      const ev = (await events(id)).at(-1);
      expect(ev.data).toMatchObject({ unfreezeRequested: false, freezeRequestCancelled: true, cancelledNotificationIds: [n.find((x: any) => x.type === 'freeze.requested').id] });
      // reopening a case whose closing sent no unfreeze returns to the stage it left, with no new request
      const re = await ok(clean, id, 'reopen');
      expect(re.stage).toBe('freeze');
      expect((await notifications(id)).filter((x: any) => x.type === 'freeze.requested')).toHaveLength(1);
    });

    it('should not unfreeze after the bank rejected the freeze', async () => {
      const id = await open({ bankCode: 'TB', channel: 'bank_alert' });
      const [n] = await notifications(id);
      await t.ds.query(`UPDATE notifications SET status = 'delivered', delivered_at = now() WHERE id = $1`, [n.id]);
      await ok(analyst, id, 'claim');
      await ok(analyst, id, 'record_freeze_rejection');
      await ok(clean, id, 'close_early');
      expect((await notifications(id)).filter((x: any) => x.type === 'unfreeze.requested')).toHaveLength(0);
    });
  });

  describe('allowedActions per role', () => {
    it('should list what each caller may do on a case in freeze held by an analyst', async () => {
      const id = await caseIn('freeze');
      const sorted = async (u: TestUser) => (await view(id, u)).allowedActions.sort();
      expect(await sorted(analyst)).toEqual(
        ['add_evidence', 'add_note', 'confirm_freeze', 'record_freeze_rejection', 'release', 'remove_evidence', 'request_freeze'].sort(),
      );
      expect(await sorted(analyst2)).toEqual([]);
      expect(await sorted(clean)).toEqual(
        [
          'add_evidence',
          'add_note',
          'assign',
          'close_early',
          'confirm_freeze',
          'record_freeze_rejection',
          'remove_evidence',
          'request_freeze',
          'set_priority',
          'waive_stage',
        ].sort(),
      );
      expect(await sorted(auditor)).toEqual([]);
    });

    it('should offer claim on an unassigned case and hide four-eyes actions from the assignee', async () => {
      const un = await open();
      expect((await view(un, analyst2)).allowedActions).toEqual(['claim']);
      expect((await view(un, clean)).allowedActions).toEqual(expect.arrayContaining(['claim', 'assign', 'close_early']));
      expect((await view(un, auditor)).allowedActions).toEqual([]);

      const inReview = await caseIn('review');
      expect((await view(inReview, analyst)).allowedActions.sort()).toEqual(
        // facts of earlier stages may still be recorded or corrected in review (libs/domain case-lifecycle README)
        ['add_evidence', 'add_note', 'log_merchant_contact', 'record_freeze_notice', 'record_police_report', 'release', 'remove_evidence'].sort(),
      );
      const sup = (await view(inReview, clean)).allowedActions;
      expect(sup).toEqual(expect.arrayContaining(['resolve', 'close_early', 'assign', 'set_priority']));
      expect(sup).not.toContain('claim');
      expect(sup).not.toContain('waive_stage');
    });
  });
});
