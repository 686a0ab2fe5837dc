import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CaseWriter } from '@sentinel/persistence';
import { walkCase } from './audit-fixtures';
import { auth, TestApp, type TestUser } from './test-app';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..', '..');

/**
 * State matches history (docs/api.md "Audit"): verify with deep=true and `npm run audit:reconcile` replay each case's
 * events against its row, stage records and clocks, and report what was changed without an event — a breach
 * "repaired" included (the SLA outcome is recomputed from the events alone).
 */
describe('Audit reconcile (state against history)', () => {
  let t: TestApp;
  let analyst: TestUser;
  let supervisor: TestUser;
  let auditor: TestUser;
  let closed: string;
  let inReview: string;
  let breached: string;

  beforeAll(async () => {
    t = await TestApp.start('audit-reconcile');
    [analyst, supervisor, auditor] = await Promise.all([t.createUser('analyst'), t.createUser('supervisor'), t.createUser('auditor')]);
    closed = await walkCase(t, { analyst, supervisor }, 'RECON-000001');
    inReview = await walkCase(t, { analyst, supervisor }, 'RECON-000002', { close: false });
    // a freeze clock that breached, recorded the way the worker records it
    const r = await t.http().post('/api/reports').set(auth(analyst.token)).send({ sn: 'RECON-000003', channel: 'cardholder', misuseType: 'other' }).expect(201);
    breached = r.body.caseId;
    await t.ds.query(`UPDATE sla_clocks SET due_at = now() - interval '1 minute', warn_at = now() - interval '2 minutes' WHERE case_id = $1`, [breached]);
    const [{ id: clockId }] = await t.ds.query(`SELECT id FROM sla_clocks WHERE case_id = $1`, [breached]);
    await t.ds.transaction((tx) => new CaseWriter().change(tx, { clockId }, { kind: 'sla_timer', clockId, timer: 'due' }, new Date()));
  });
  afterAll(() => t?.stop());

  const verifyDeep = async () => (await t.http().get('/api/audit/verify').query({ deep: 'true' }).set(auth(auditor.token)).expect(200)).body;
  const reconcileCli = () =>
    run(process.execPath, ['-r', './tools/register.js', 'tools/audit/reconcile.ts', '--json'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: `${t.config.databaseUrl}` } }).then(
      (r) => ({ code: 0, out: JSON.parse(r.stdout) }),
      (e: { code: number; stdout: string }) => ({ code: e.code, out: JSON.parse(e.stdout) }),
    );

  it('should find every case matching its history, a breached clock included', async () => {
    const v = await verifyDeep();
    expect(v).toMatchObject({ ok: true, statesChecked: 3, failures: [] });
    const [k] = await t.ds.query(`SELECT state, breached_at FROM sla_clocks WHERE case_id = $1`, [breached]);
    expect(k.state).toBe('breached');
    const cli = await reconcileCli();
    expect(cli).toMatchObject({ code: 0, out: { ok: true, casesChecked: 3, findings: [] } });
  });

  it('should report rows, records and clocks changed without an event, and a repaired breach', async () => {
    await t.ds.query(`UPDATE cases SET stage = 'evidence', assignee_id = NULL WHERE id = $1`, [inReview]);
    await t.ds.query(`UPDATE cases SET outcome = 'no_misuse' WHERE id = $1`, [closed]);
    await t.ds.query(`UPDATE police_reports SET report_number = 'HP-2026-9999' WHERE case_id = $1`, [closed]);
    await t.ds.query(`UPDATE sla_clocks SET breached_at = NULL, state = 'on_track' WHERE case_id = $1`, [breached]);
    await t.ds.query(`UPDATE evidence SET removed_at = NULL, removed_by = NULL, removal_reason = NULL WHERE case_id = $1`, [closed]);
    const v = await verifyDeep();
    expect(v.ok).toBe(false);
    const what = (id: string) => v.failures.filter((f: { caseId: string }) => f.caseId === id).map((f: { reason: string }) => f.reason.split(' — ')[0]).sort();
    expect(what(inReview)).toEqual(['state_mismatch: case.assigneeId', 'state_mismatch: case.stage']);
    expect(what(closed)).toEqual(['state_mismatch: case.outcome', 'state_mismatch: record.evidence', 'state_mismatch: record.policeReport']);
    expect(what(breached)).toEqual(['state_mismatch: clock.freeze#1.breachedAt']);
    expect(v.failures.find((f: { reason: string }) => f.reason.includes('case.stage')).reason).toContain('the events say "review", the rows hold "evidence"');
    // the chains themselves are intact: only the replay sees it
    expect((await t.http().get('/api/audit/verify').set(auth(auditor.token)).expect(200)).body.ok).toBe(true);
    const cli = await reconcileCli();
    expect(cli.code).toBe(1);
    expect(cli.out.findings.map((f: { caseId: string; what: string }) => `${f.caseId === closed ? 'closed' : f.caseId === inReview ? 'review' : 'breached'}:${f.what}`).sort()).toEqual([
      'breached:clock.freeze#1.breachedAt',
      'closed:case.outcome',
      'closed:record.evidence',
      'closed:record.policeReport',
      'review:case.assigneeId',
      'review:case.stage',
    ]);
  });
});
