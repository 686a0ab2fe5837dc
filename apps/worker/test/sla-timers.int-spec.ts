import type { Queue } from 'bullmq';
import { jobIds, type SlaTimerJob } from '@sentinel/contracts';
import { auth, TestApp, type TestUser } from '../../api/test/test-app';
import { startWorker, type WorkerHandle } from '../src/worker';
import { SlaTimerProcessor } from '../src/sla/sla-timer.processor';
import { WorkerQueues } from '../src/queues/worker-queues';
import { caseEvents, flushTestRedis, insertCase, sleep, startClock, waitFor } from './helpers';

/** Lateness allowed in assertions on these 2-core machines (the ≤ 1 s target is the benchmark's). */
const SLACK_MS = 3000;

/**
 * Issue 4: with a freeze target of a few seconds, `sla.warning` and `sla.breached` are recorded once each, within a
 * few seconds of their moments; after flushing the test's Redis keys the sweep still records the breach; running
 * a timer twice records one event; an early timer (moment moved later) re-arms itself.
 */
describe('SLA timers and sweep', () => {
  let t: TestApp;
  let worker: WorkerHandle;
  let analyst: TestUser;
  let supervisor: TestUser;

  beforeAll(async () => {
    t = await TestApp.start('worker-sla', { enqueueJobs: true });
    await t.ds.query(`UPDATE sla_policies SET target = 'PT3S', warn_at_percent = 50 WHERE stage = 'freeze'`);
    analyst = await t.createUser('analyst');
    supervisor = await t.createUser('supervisor');
    worker = await startWorker({
      databaseUrl: t.config.databaseUrl,
      redisPrefix: t.redisPrefix,
      sweepIntervalMs: 500,
      freezeNoticeGraceMs: 60_000,
      freezeNoticeCheckIntervalMs: 0,
      logLevel: process.env.TEST_LOG_LEVEL ?? 'silent',
    });
  });

  afterAll(async () => {
    await worker?.close();
    if (t) await flushTestRedis(t.redisPrefix);
    await t?.stop();
  });

  async function openCase(sn: string): Promise<{ caseId: string; clock: any }> {
    const res = await t.http().post('/api/reports').set(auth(analyst.token)).send({ sn, channel: 'cardholder', misuseType: 'lost_or_stolen' });
    expect(res.status).toBe(201);
    const [clock] = await t.ds.query(`SELECT * FROM sla_clocks WHERE case_id = $1 AND stage = 'freeze'`, [res.body.caseId]);
    return { caseId: res.body.caseId, clock };
  }

  const alertsOf = (caseId: string) =>
    t.ds.query(`SELECT user_id, type, stage, dedupe_key FROM alerts WHERE case_id = $1 ORDER BY type, user_id`, [caseId]) as Promise<any[]>;

  it('should record the warning and the breach once each, on time, with alerts', async () => {
    const { caseId, clock } = await openCase('SNSLA00001');
    const warnAt = new Date(clock.warn_at).getTime();
    const dueAt = new Date(clock.due_at).getTime();
    expect(dueAt - warnAt).toBe(1500);
    // The analyst claims the case: warnings also go to the assignee.
    const { body: c } = await t.http().get(`/api/cases/${caseId}`).set(auth(analyst.token));
    const claim = await t.http().post(`/api/cases/${caseId}/actions/claim`).set(auth(analyst.token)).send({ version: c.version });
    expect(claim.status).toBe(200);

    const breached = await waitFor('sla.breached', async () => (await caseEvents(t.ds, caseId, 'sla.breached'))[0], 10_000);
    const [warning] = await caseEvents(t.ds, caseId, 'sla.warning');
    expect(warning).toBeDefined();
    const warnedLate = new Date(warning.at).getTime() - warnAt;
    const breachLate = new Date(breached.at).getTime() - dueAt;
    expect(warnedLate).toBeGreaterThanOrEqual(0);
    expect(warnedLate).toBeLessThan(SLACK_MS);
    expect(breachLate).toBeGreaterThanOrEqual(0);
    expect(breachLate).toBeLessThan(SLACK_MS);
    expect(warning).toMatchObject({ actor_id: 'system', data: { clockId: clock.id, stage: 'freeze', dueAt: new Date(dueAt).toISOString(), warnAt: new Date(warnAt).toISOString() } });
    expect(breached.data).toMatchObject({ clockId: clock.id, stage: 'freeze', warningRecorded: true, lateMs: expect.any(Number) });

    const [k] = await t.ds.query(`SELECT state, warned_at, breached_at FROM sla_clocks WHERE id = $1`, [clock.id]);
    expect(k.state).toBe('breached');
    expect(k.warned_at).not.toBeNull();
    const [row] = await t.ds.query(`SELECT sla_state, sla_rank, due_at FROM cases WHERE id = $1`, [caseId]);
    expect(row).toMatchObject({ sla_state: 'breached', sla_rank: 0 });

    // Let further sweeps run: still exactly one of each.
    await sleep(1200);
    expect(await caseEvents(t.ds, caseId, 'sla.warning')).toHaveLength(1);
    expect(await caseEvents(t.ds, caseId, 'sla.breached')).toHaveLength(1);
    const sorted = [analyst.id, supervisor.id].sort();
    expect(await alertsOf(caseId)).toEqual([
      { user_id: supervisor.id, type: 'sla.breached', stage: 'freeze', dedupe_key: `sla.breached:${clock.id}` },
      ...sorted.map((u) => ({ user_id: u, type: 'sla.warning', stage: 'freeze', dedupe_key: `sla.warning:${clock.id}` })),
    ]);
  });

  it('should still record the breach through the sweep after the Redis keys are flushed', async () => {
    const { caseId, clock } = await openCase('SNSLA00002');
    const flushed = await flushTestRedis(t.redisPrefix); // the timers and the sweep's scheduler are gone
    expect(flushed).toBeGreaterThan(0);
    const dueAt = new Date(clock.due_at).getTime();
    const breached = await waitFor('sla.breached after the flush', async () => (await caseEvents(t.ds, caseId, 'sla.breached'))[0], 10_000);
    const late = new Date(breached.at).getTime() - dueAt;
    expect(late).toBeGreaterThanOrEqual(0);
    expect(late).toBeLessThan(SLACK_MS);
    await sleep(800);
    expect(await caseEvents(t.ds, caseId, 'sla.breached')).toHaveLength(1);
    expect(await caseEvents(t.ds, caseId, 'sla.warning')).toHaveLength(1);
    // The watchdog registered the sweep's scheduler again.
    const scheduler = await worker.app.get(WorkerQueues).maintenance.getJobScheduler('sweep');
    expect(scheduler).toBeDefined();
  });

  it('should record one event when the timer job runs twice (and races the sweep)', async () => {
    const caseId = await insertCase(t.ds, null);
    const clock = await startClock(t.ds, caseId, 'freeze', new Date(Date.now() - 10_000));
    const processor = worker.app.get(SlaTimerProcessor);
    const results = await Promise.all([
      processor.fire(clock.id, 'due', 'timer'),
      processor.fire(clock.id, 'due', 'timer'),
      processor.fire(clock.id, 'warning', 'timer'),
      worker.app.get(WorkerQueues).slaTimers.add('fire', { clockId: clock.id, kind: 'due', at: clock.dueAt.getTime() } satisfies SlaTimerJob, {
        jobId: jobIds.slaTimer(clock.id, 'due', clock.dueAt.getTime()),
      }),
    ]);
    // The worker's own timer poll and sweep race these too: at most one of them records it, exactly one overall.
    expect(results.slice(0, 3).filter((r: any) => r.outcome === 'breached').length).toBeLessThanOrEqual(1);
    await sleep(700); // the queued job and a sweep have run too
    const breaches = await caseEvents(t.ds, caseId, 'sla.breached');
    expect(breaches).toHaveLength(1);
    expect(breaches[0].data).toMatchObject({ warningRecorded: false });
    // A breach on a clock that never warned records the breach only (README: "Decisions").
    expect(await caseEvents(t.ds, caseId, 'sla.warning')).toHaveLength(0);
    expect((await alertsOf(caseId)).map((a) => a.type)).toEqual(['sla.breached']);
    expect(await processor.fire(clock.id, 'due', 'timer')).toMatchObject({ outcome: 'skipped', reason: 'already_recorded' });
  });

  it('should re-arm a timer that fires before its (moved) moment', async () => {
    const caseId = await insertCase(t.ds, null);
    // Started 2 s ago on the 3 s policy: due in about 1 s.
    const clock = await startClock(t.ds, caseId, 'freeze', new Date(Date.now() - 2000));
    const oldDue = clock.dueAt.getTime();
    const newDue = oldDue + 1500;
    // As a policy change would: the due moment moves later (no new timer published, on purpose).
    await t.ds.query(`UPDATE sla_clocks SET due_at = $2, warn_at = $3 WHERE id = $1`, [clock.id, new Date(newDue), new Date(newDue - 500)]);
    const queue = worker.app.get(WorkerQueues).slaTimers as Queue<SlaTimerJob>;
    const oldJob = jobIds.slaTimer(clock.id, 'due', oldDue);
    await queue.add('fire', { clockId: clock.id, kind: 'due', at: oldDue }, { jobId: oldJob, delay: Math.max(0, oldDue - Date.now()) });

    await waitFor('the early job to finish', async () => (await queue.getJobState(oldJob)) === 'completed', 8000);
    expect(await caseEvents(t.ds, caseId, 'sla.breached')).toHaveLength(0);
    const rearmed = jobIds.slaTimer(clock.id, 'due', newDue);
    expect(['delayed', 'waiting', 'active', 'completed']).toContain(await queue.getJobState(rearmed));

    const breached = await waitFor('the breach at the new moment', async () => (await caseEvents(t.ds, caseId, 'sla.breached'))[0], 8000);
    const late = new Date(breached.at).getTime() - newDue;
    expect(late).toBeGreaterThanOrEqual(0);
    expect(late).toBeLessThan(SLACK_MS);
  });

  it('should alert once when the merchant notice is missing 24 h (here 1 min) after a confirmed freeze', async () => {
    const caseId = await insertCase(t.ds, null);
    await t.ds.query(`INSERT INTO case_freezes (case_id, confirmed_at, last_answer) VALUES ($1, now() - interval '2 minutes', 'confirmed')`, [caseId]);
    const recent = await insertCase(t.ds, null);
    await t.ds.query(`INSERT INTO case_freezes (case_id, confirmed_at, last_answer) VALUES ($1, now() - interval '10 seconds', 'confirmed')`, [recent]);
    await waitFor('freeze_notice.missing', async () => (await alertsOf(caseId)).find((a) => a.type === 'freeze_notice.missing'), 5000);
    await sleep(1100);
    expect(await alertsOf(caseId)).toEqual([
      { user_id: supervisor.id, type: 'freeze_notice.missing', stage: 'freeze', dedupe_key: `freeze_notice.missing:${caseId}` },
    ]);
    expect((await alertsOf(recent)).filter((a) => a.type === 'freeze_notice.missing')).toHaveLength(0);
  });
});
