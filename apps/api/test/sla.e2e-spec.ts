import { CALENDAR_24X7, computeClockTimes, type CalendarSpec } from '@sentinel/domain';
import { auth, expectProblem, TestApp, type TestUser } from './test-app';
import { createBank, openCase } from './ops-fixtures';

const HOUR = 3_600_000;
const ago = (ms: number) => new Date(Date.now() - ms);

/** SLA policies, calendars (with re-computation of open clocks), breaches and summary (docs/api.md "SLA"). */
describe('SLA (API end to end)', () => {
  let t: TestApp;
  let analyst: TestUser;
  let supervisor: TestUser;
  let auditor: TestUser;
  let intake: TestUser;

  beforeAll(async () => {
    t = await TestApp.start('sla');
    [analyst, supervisor, auditor, intake] = await Promise.all([t.createUser('analyst'), t.createUser('supervisor'), t.createUser('auditor'), t.createUser('intake')]);
    await createBank(t, 'SLB');
  });
  afterAll(() => t?.stop());

  const admin = () => auth(t.adminToken);
  const clocksOf = (caseId: string) =>
    t.ds.query(`SELECT id, stage, state, target, calendar_id, started_at, warn_at, due_at, warned_at, breached_at FROM sla_clocks WHERE case_id = $1 ORDER BY stage, entry_no`, [caseId]);
  const systemActions = async () => (await t.ds.query(`SELECT action, data FROM system_events ORDER BY seq`)) as Array<{ action: string; data: any }>;

  describe('policies', () => {
    it('should list one policy per stage in lifecycle order for every settings reader', async () => {
      for (const h of [auth(analyst.token), auth(supervisor.token), auth(auditor.token), admin()]) {
        const res = await t.http().get('/api/sla-policies').set(h).expect(200);
        expect(res.headers['content-range']).toBe('sla-policies 0-4/5');
        expect(res.body.map((p: any) => p.id)).toEqual(['freeze', 'police_report', 'merchant_contact', 'evidence', 'review']);
      }
      const res = await t.http().get('/api/sla-policies/freeze').set(auth(analyst.token)).expect(200);
      expect(res.body).toEqual({ id: 'freeze', stage: 'freeze', target: 'PT1H', calendarId: '24x7', warnAtPercent: 80, updatedAt: expect.any(String) });
      expectProblem(await t.http().get('/api/sla-policies').set(auth(intake.token)), 403, 'AUTH.FORBIDDEN');
      expectProblem(await t.http().get('/api/sla-policies/nope').set(auth(analyst.token)), 404, 'NOT_FOUND');
    });

    it('should let only admins change a policy, and validate it (422 per field, 400 unknown field)', async () => {
      expectProblem(await t.http().put('/api/sla-policies/freeze').set(auth(supervisor.token)).send({ target: 'PT2H' }), 403, 'AUTH.FORBIDDEN');
      const bad = expectProblem(await t.http().put('/api/sla-policies/freeze').set(admin()).send({ target: 'PT0S', calendarId: 'mars' }), 422, 'VALIDATION.FAILED');
      expect(Object.keys(bad.errors).sort()).toEqual(['calendarId', 'target']);
      expect(expectProblem(await t.http().put('/api/sla-policies/freeze').set(admin()).send({ target: '1 hour' }), 422, 'VALIDATION.FAILED').errors).toHaveProperty('target');
      expect(expectProblem(await t.http().put('/api/sla-policies/freeze').set(admin()).send({ warnAtPercent: 100 }), 422, 'VALIDATION.FAILED').errors).toHaveProperty('warnAtPercent');
      expectProblem(await t.http().put('/api/sla-policies/freeze').set(admin()).send({ target: 'PT1H', colour: 'red' }), 400, 'REQUEST.UNKNOWN_FIELD');
      expectProblem(await t.http().put('/api/sla-policies/triage').set(admin()).send({ target: 'PT1H' }), 404, 'NOT_FOUND');
      // the record as react-admin sends it back: read-only fields ignored, nothing changed → nothing recorded
      const before = (await systemActions()).length;
      const same = await t.http().put('/api/sla-policies/review').set(admin()).send({ id: 'review', stage: 'review', target: 'P2D', calendarId: 'business', warnAtPercent: 80, updatedAt: 'x' }).expect(200);
      expect(same.body.target).toBe('P2D');
      expect(await systemActions()).toHaveLength(before);
    });

    it('should move the due time of open clocks, keep a fired warning, and leave breached clocks alone', async () => {
      const onTrack = await openCase(t, analyst, 'SLB');
      const warned = await openCase(t, analyst, 'SLB');
      const breached = await openCase(t, analyst, 'SLB');
      const [w] = await clocksOf(warned.caseId);
      await t.ds.query(`UPDATE sla_clocks SET warned_at = now(), state = 'warning' WHERE id = $1`, [w.id]);
      const [b] = await clocksOf(breached.caseId);
      await t.ds.query(`UPDATE sla_clocks SET warned_at = now(), breached_at = now(), state = 'breached' WHERE id = $1`, [b.id]);

      const res = await t.http().put('/api/sla-policies/freeze').set(admin()).send({ target: 'PT2H30S', warnAtPercent: 50 }).expect(200);
      expect(res.body).toMatchObject({ stage: 'freeze', target: 'PT2H30S', calendarId: '24x7', warnAtPercent: 50 });

      const [k1] = await clocksOf(onTrack.caseId);
      const expected = computeClockTimes({ startedAt: k1.started_at, target: 'PT2H30S', calendar: CALENDAR_24X7, warnAtPercent: 50 });
      expect(k1).toMatchObject({ state: 'on_track', target: 'PT2H30S', due_at: expected.dueAt, warn_at: expected.warnAt });
      expect(k1.due_at.getTime() - k1.started_at.getTime()).toBe(2 * HOUR + 30_000);
      const row = (await t.http().get(`/api/cases/${onTrack.caseId}`).set(auth(analyst.token))).body;
      expect(row.dueAt).toBe(expected.dueAt.toISOString());

      const [k2] = await clocksOf(warned.caseId);
      expect(k2).toMatchObject({ state: 'warning', warned_at: expect.any(Date), target: 'PT2H30S' });
      expect(k2.due_at.getTime() - k2.started_at.getTime()).toBe(2 * HOUR + 30_000);

      const [k3] = await clocksOf(breached.caseId);
      expect(k3).toMatchObject({ state: 'breached', target: 'PT1H', due_at: b.due_at, breached_at: expect.any(Date) });

      const ev = (await systemActions()).filter((e) => e.action === 'sla_policy.updated').pop()!;
      expect(ev.data).toMatchObject({ before: { target: 'PT1H', warnAtPercent: 80 }, after: { target: 'PT2H30S', warnAtPercent: 50 }, recomputedClocks: 2 });

      // new clocks use the new policy too
      const later = await openCase(t, analyst, 'SLB');
      const [k4] = await clocksOf(later.caseId);
      expect(k4.due_at.getTime() - k4.started_at.getTime()).toBe(2 * HOUR + 30_000);
      await t.http().put('/api/sla-policies/freeze').set(admin()).send({ target: 'PT1H', warnAtPercent: 80 }).expect(200);
    });
  });

  describe('calendars', () => {
    const weekdays = (open: string, close: string) => Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [open, close]]));

    it('should list the built-in calendars and refuse to change or delete 24x7 (403)', async () => {
      const res = await t.http().get('/api/calendars').set(auth(auditor.token)).expect(200);
      expect(res.body.map((c: any) => c.id).sort()).toEqual(['24x7', 'business']);
      const c247 = res.body.find((c: any) => c.id === '24x7');
      expect(c247).toMatchObject({ builtin: true, timeZone: 'UTC', holidays: [], extraWorkingDays: [], workingHours: expect.objectContaining({ sun: ['00:00', '24:00'] }) });
      // sent back unchanged (react-admin): fine; changed: 403
      await t.http().put('/api/calendars/24x7').set(admin()).send(c247).expect(200);
      expectProblem(await t.http().put('/api/calendars/24x7').set(admin()).send({ ...c247, timeZone: 'Asia/Shanghai' }), 403, 'AUTH.FORBIDDEN');
      expectProblem(await t.http().delete('/api/calendars/24x7').set(admin()), 403, 'AUTH.FORBIDDEN');
      expectProblem(await t.http().delete('/api/calendars/business').set(admin()), 409, 'CONFLICT');
      expectProblem(await t.http().post('/api/calendars').set(auth(supervisor.token)).send({}), 403, 'AUTH.FORBIDDEN');
    });

    it('should validate a calendar with field errors (422), refuse a bad slug and a taken id', async () => {
      const bad = expectProblem(
        await t.http().post('/api/calendars').set(admin()).send({
          id: 'bad-cal',
          name: 'Bad',
          timeZone: 'Mars/Olympus',
          workingHours: { mon: ['18:00', '09:00'], funday: ['09:00', '10:00'] },
          holidays: ['2026-02-30'],
          extraWorkingDays: [],
        }),
        422,
        'VALIDATION.FAILED',
      );
      expect(Object.keys(bad.errors).sort()).toEqual(['holidays.0', 'timeZone', 'workingHours.funday', 'workingHours.mon']);
      const slug = expectProblem(await t.http().post('/api/calendars').set(admin()).send({ id: 'Bad Id', name: 'x', timeZone: 'UTC', workingHours: weekdays('09:00', '18:00') }), 422, 'VALIDATION.FAILED');
      expect(slug.errors).toHaveProperty('id');
      expectProblem(await t.http().post('/api/calendars').set(admin()).send({ id: 'business', name: 'x', timeZone: 'UTC', workingHours: weekdays('09:00', '18:00') }), 409, 'CONFLICT');
      expectProblem(await t.http().post('/api/calendars').set(admin()).send({ id: 'x-cal', name: 'x', timeZone: 'UTC', workingHours: {}, extra: 1 }), 400, 'REQUEST.UNKNOWN_FIELD');
    });

    it('should create, update (re-computing the clocks of stages that use it) and delete a calendar, each recorded', async () => {
      const created = await t
        .http()
        .post('/api/calendars')
        .set(admin())
        .send({ id: 'cn-desk', name: 'CN desk', timeZone: 'Asia/Shanghai', workingHours: { mon: ['09:00', '18:00'], tue: ['09:00', '18:00'] }, holidays: ['2026-10-01'], extraWorkingDays: ['2026-10-11'] })
        .expect(201);
      expect(created.body).toEqual({
        id: 'cn-desk',
        name: 'CN desk',
        timeZone: 'Asia/Shanghai',
        workingHours: { mon: ['09:00', '18:00'], tue: ['09:00', '18:00'] },
        holidays: ['2026-10-01'],
        extraWorkingDays: ['2026-10-11'],
        builtin: false,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect((await t.http().get('/api/calendars/cn-desk').set(auth(analyst.token)).expect(200)).body.name).toBe('CN desk');

      // the freeze policy on this calendar: an open freeze clock follows its working hours…
      await t.http().put('/api/sla-policies/freeze').set(admin()).send({ calendarId: 'cn-desk', target: 'PT1H' }).expect(200);
      const c = await openCase(t, analyst, 'SLB');
      const [before] = await clocksOf(c.caseId);
      expect(before.calendar_id).toBe('cn-desk');
      // …and when the calendar changes, the clock is re-computed on the new hours
      const hours = weekdays('00:00', '24:00');
      const res = await t.http().put('/api/calendars/cn-desk').set(admin()).send({ ...created.body, workingHours: hours, holidays: [], name: 'CN desk 24h' }).expect(200);
      expect(res.body).toMatchObject({ name: 'CN desk 24h', holidays: [], workingHours: hours });
      const [after] = await clocksOf(c.caseId);
      const spec: CalendarSpec = { id: 'cn-desk', timeZone: 'Asia/Shanghai', workingHours: hours as CalendarSpec['workingHours'], holidays: [], extraWorkingDays: ['2026-10-11'] };
      const expected = computeClockTimes({ startedAt: after.started_at, target: 'PT1H', calendar: spec, warnAtPercent: 80 });
      expect(after.due_at).toEqual(expected.dueAt);
      expect(after.due_at.getTime() - after.started_at.getTime()).toBe(HOUR);

      const invalid = expectProblem(await t.http().put('/api/calendars/cn-desk').set(admin()).send({ workingHours: { mon: ['9am', '6pm'] } }), 422, 'VALIDATION.FAILED');
      expect(invalid.errors).toHaveProperty(['workingHours.mon']);

      expectProblem(await t.http().delete('/api/calendars/cn-desk').set(admin()), 409, 'CONFLICT');
      await t.http().put('/api/sla-policies/freeze').set(admin()).send({ calendarId: '24x7' }).expect(200);
      await t.http().delete('/api/calendars/cn-desk').set(admin()).expect(200);
      expectProblem(await t.http().get('/api/calendars/cn-desk').set(admin()), 404, 'NOT_FOUND');

      const actions = (await systemActions()).map((e) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['calendar.created', 'calendar.updated', 'calendar.deleted', 'sla_policy.updated']));
      const upd = (await systemActions()).find((e) => e.action === 'calendar.updated' && e.data.calendarId === 'cn-desk')!;
      // every open freeze clock moved (this case's and those of the earlier tests, all on cn-desk by then)
      expect(upd.data).toMatchObject({ stagesRecomputed: ['freeze'], recomputedClocks: expect.any(Number) });
      expect(upd.data.recomputedClocks).toBeGreaterThanOrEqual(1);
    });

    it('should give the seeded business calendar DEFAULT_TIME_ZONE at first start', async () => {
      const t2 = await TestApp.start('sla-tz', { defaultTimeZone: 'Asia/Shanghai' });
      try {
        const res = await t2.http().get('/api/calendars/business').set(auth(t2.adminToken)).expect(200);
        expect(res.body.timeZone).toBe('Asia/Shanghai');
        const [ev] = await t2.ds.query(`SELECT actor_id, data FROM system_events WHERE action = 'calendar.updated'`);
        expect(ev).toMatchObject({ actor_id: 'system', data: { calendarId: 'business', after: { timeZone: 'Asia/Shanghai' } } });
      } finally {
        await t2.stop();
      }
    });
  });

  describe('breaches and summary', () => {
    let teamId: string;
    let openCaseId: string;
    let closedCaseId: string;

    beforeAll(async () => {
      [{ id: teamId }] = await t.ds.query(`INSERT INTO teams (name) VALUES ('SLA desk') RETURNING id`);
      const a = await openCase(t, analyst, null);
      const b = await openCase(t, analyst, null);
      openCaseId = a.caseId;
      closedCaseId = b.caseId;
      await t.ds.query(`UPDATE cases SET team_id = $2 WHERE id = ANY($1)`, [[a.caseId, b.caseId], teamId]);
      const clock = (caseId: string, entry: number, startedAgo: number, dueAgo: number, state: string, t2: { met?: number; breached?: number; warned?: number }) =>
        t.ds.query(
          `INSERT INTO sla_clocks (case_id, stage, entry_no, target, calendar_id, warn_at_percent, started_at, warn_at, due_at, warned_at, breached_at, met_at, state)
           VALUES ($1, 'evidence', $2, 'PT2H', '24x7', 80, $3, $4, $4, $5, $6, $7, $8)`,
          [
            caseId,
            entry,
            ago(startedAgo),
            ago(dueAgo),
            t2.warned !== undefined ? ago(t2.warned) : null,
            t2.breached !== undefined ? ago(t2.breached) : null,
            t2.met !== undefined ? ago(t2.met) : null,
            state,
          ],
        );
      await clock(closedCaseId, 1, 3 * HOUR, -HOUR, 'met', { met: 1 * HOUR }); // met on time after 2 h
      await clock(closedCaseId, 2, 5 * HOUR, 1 * HOUR, 'met', { met: 1 * HOUR, warned: 2 * HOUR }); // 4 h… due 1 h ago, met at due: on time
      await clock(closedCaseId, 3, 10 * HOUR, 8 * HOUR, 'met', { met: 2 * HOUR, breached: 8 * HOUR }); // late: breached, then met after 8 h
      await clock(openCaseId, 1, 4 * HOUR, 2 * HOUR, 'breached', { breached: 2 * HOUR }); // still running, breached
      await clock(openCaseId, 2, 1 * HOUR, -HOUR, 'warning', { warned: 0.1 * HOUR }); // running, warned
      await t.ds.query(`UPDATE cases SET status = 'closed', closed_at = now() WHERE id = $1`, [closedCaseId]);
    });

    it('should list breached clocks with their case, filtered and sorted', async () => {
      const all = await t.http().get('/api/sla/breaches').query({ filter: JSON.stringify({ stage: 'evidence' }), sort: JSON.stringify(['breachedAt', 'ASC']) }).set(auth(supervisor.token)).expect(200);
      expect(all.headers['content-range']).toBe('breaches 0-1/2');
      expect(all.body).toEqual([
        expect.objectContaining({ caseId: closedCaseId, stage: 'evidence', state: 'met', open: false, teamId, priority: expect.any(String), dueAt: expect.any(String), breachedAt: expect.any(String) }),
        expect.objectContaining({ caseId: openCaseId, stage: 'evidence', state: 'breached', open: true, teamId, assigneeId: null, caseReference: expect.stringMatching(/^SNC-/) }),
      ]);
      const open = await t.http().get('/api/sla/breaches').query({ filter: JSON.stringify({ open: true, teamId }) }).set(auth(auditor.token)).expect(200);
      expect(open.body.map((r: any) => r.caseId)).toEqual([openCaseId]);
      const closed = await t.http().get('/api/sla/breaches').query({ filter: JSON.stringify({ open: false, stage: ['evidence'] }) }).set(auth(analyst.token)).expect(200);
      expect(closed.body.map((r: any) => r.caseId)).toEqual([closedCaseId]);
      const recent = await t.http().get('/api/sla/breaches').query({ filter: JSON.stringify({ stage: 'evidence', from: ago(3 * HOUR).toISOString(), to: new Date().toISOString() }) }).set(auth(analyst.token)).expect(200);
      expect(recent.body.map((r: any) => r.caseId)).toEqual([openCaseId]);
      const noTeams = await t.http().get('/api/sla/breaches').query({ filter: JSON.stringify({ teamId: [] }) }).set(auth(analyst.token)).expect(200);
      expect(noTeams.body).toEqual([]);
      expectProblem(await t.http().get('/api/sla/breaches').query({ filter: JSON.stringify({ assignee: 'x' }) }).set(auth(analyst.token)), 400, 'REQUEST.UNKNOWN_FIELD');
      expectProblem(await t.http().get('/api/sla/breaches').query({ filter: JSON.stringify({ from: 'yesterday' }) }).set(auth(analyst.token)), 400, 'REQUEST.MALFORMED');
      expectProblem(await t.http().get('/api/sla/breaches').set(admin()), 403, 'AUTH.FORBIDDEN');
    });

    it('should summarise per stage: current counts, range counts, breach rate, median and p90', async () => {
      const res = await t.http().get('/api/sla/summary').query({ teamId }).set(auth(supervisor.token)).expect(200);
      expect(res.body.stages.map((s: any) => s.stage)).toEqual(['freeze', 'police_report', 'merchant_contact', 'evidence', 'review']);
      const ev = res.body.stages.find((s: any) => s.stage === 'evidence');
      expect(ev).toEqual({
        stage: 'evidence',
        open: 2,
        warning: 1,
        breached: 1,
        met: 3,
        metOnTime: 2,
        breachedInRange: 2,
        breachRate: 0.5,
        medianSeconds: 4 * 3600,
        p90Seconds: 7.2 * 3600, // percentile_cont(0.9) of 2 h, 4 h, 8 h
      });
      expect(res.body.stages.find((s: any) => s.stage === 'review')).toMatchObject({ open: 0, met: 0, breachRate: null, medianSeconds: null, p90Seconds: null });
      const series = res.body.series.filter((p: any) => p.stage === 'evidence');
      expect(series.reduce((n: number, p: any) => n + p.met, 0)).toBe(3);
      expect(series.reduce((n: number, p: any) => n + p.breached, 0)).toBe(2);
      expect(series.reduce((n: number, p: any) => n + p.metOnTime, 0)).toBe(2);
      for (const p of series) expect(p.bucket).toMatch(/^\d{4}-\d{2}-\d{2}$/);

      const weekly = await t.http().get('/api/sla/summary').query({ teamId, bucket: 'week' }).set(auth(auditor.token)).expect(200);
      expect(weekly.body.series.filter((p: any) => p.stage === 'evidence').reduce((n: number, p: any) => n + p.met, 0)).toBe(3);

      // a range that ends before anything happened: only the current counts remain
      const old = await t.http().get('/api/sla/summary').query({ teamId, from: ago(100 * HOUR).toISOString(), to: ago(50 * HOUR).toISOString() }).set(auth(analyst.token)).expect(200);
      expect(old.body.stages.find((s: any) => s.stage === 'evidence')).toMatchObject({ open: 2, breached: 1, met: 0, breachRate: null });
      expect(old.body.series).toEqual([]);

      // another team sees none of it
      const [{ id: other }] = await t.ds.query(`INSERT INTO teams (name) VALUES ('Other desk') RETURNING id`);
      const none = await t.http().get('/api/sla/summary').query({ teamId: other }).set(auth(analyst.token)).expect(200);
      expect(none.body.stages.every((s: any) => s.open === 0 && s.met === 0)).toBe(true);
    });

    it('should refuse unknown or malformed summary parameters with 400', async () => {
      expectProblem(await t.http().get('/api/sla/summary').query({ stage: 'freeze' }).set(auth(analyst.token)), 400, 'REQUEST.UNKNOWN_FIELD');
      expectProblem(await t.http().get('/api/sla/summary').query({ bucket: 'month' }).set(auth(analyst.token)), 400, 'REQUEST.MALFORMED');
      expectProblem(await t.http().get('/api/sla/summary').query({ from: 'last week' }).set(auth(analyst.token)), 400, 'REQUEST.MALFORMED');
      expectProblem(await t.http().get('/api/sla/summary').query({ from: new Date().toISOString(), to: ago(HOUR).toISOString() }).set(auth(analyst.token)), 400, 'REQUEST.MALFORMED');
      expectProblem(await t.http().get('/api/sla/summary').query({ teamId: 'desk' }).set(auth(analyst.token)), 400, 'REQUEST.MALFORMED');
      expectProblem(await t.http().get('/api/sla/summary?bucket=day&bucket=week').set(auth(analyst.token)), 400, 'REQUEST.MALFORMED');
      expectProblem(await t.http().get('/api/sla/summary').set(admin()), 403, 'AUTH.FORBIDDEN');
    });
  });
});
