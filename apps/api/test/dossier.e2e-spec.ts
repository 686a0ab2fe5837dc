import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ChainEvent } from '@sentinel/domain';
import { walkCase } from './audit-fixtures';
import { auth, expectProblem, TestApp, type TestUser } from './test-app';

const binary = (res: any, cb: (e: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (d: Buffer) => chunks.push(d));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

/** The case dossier (docs/api.md "Audit"): a PDF whose text, in English and in Chinese, holds the case's whole story. */
describe('Case dossier (PDF)', () => {
  let t: TestApp;
  let analyst: TestUser;
  let supervisor: TestUser;
  let auditor: TestUser;
  let caseId: string;

  beforeAll(async () => {
    t = await TestApp.start('dossier');
    [analyst, supervisor, auditor] = await Promise.all([t.createUser('analyst'), t.createUser('supervisor'), t.createUser('auditor')]);
    caseId = await walkCase(t, { analyst, supervisor }, 'DOSSIER-000001', { close: false });
    // Restrictions and deadlines belong in the dossier too: a police stop-payment and the Visa compromise clock.
    const act = async (who: TestUser, action: string, body: Record<string, unknown>) => {
      const { version } = (await t.http().get(`/api/cases/${caseId}`).set(auth(who.token)).expect(200)).body;
      const r = await t.http().post(`/api/cases/${caseId}/actions/${action}`).set(auth(who.token)).send({ version, ...body });
      if (r.status !== 200) throw new Error(`${action}: ${r.status} ${JSON.stringify(r.body)}`);
    };
    await act(analyst, 'place_hold', { kind: 'police_stop_payment', scope: ['settlement'], placedAt: new Date(Date.now() - 3_600_000).toISOString(), instructionNumber: 'ZF-2026-0815', issuingAuthority: '黄浦公安分局' });
    await act(analyst, 'start_regulatory_clock', { kind: 'visa_compromise' });
    await act(supervisor, 'resolve', { outcome: 'confirmed_misuse', summary: 'Cloned terminal confirmed' });
    await t.http().post('/api/audit/checkpoints').set(auth(t.adminToken)).expect(201);
  });
  afterAll(() => t?.stop());

  /** pdf-parse in a child process (it loads pdf.js with a dynamic import that Jest's VM does not run). */
  const textOf = async (pdf: Buffer) => {
    const dir = mkdtempSync(join(tmpdir(), 'sn-dossier-'));
    try {
      writeFileSync(join(dir, 'd.pdf'), pdf);
      const { stdout } = await promisify(execFile)(process.execPath, [join(__dirname, 'pdf-text.js'), join(dir, 'd.pdf')]);
      return (JSON.parse(stdout) as { text: string }).text.replace(/\s+/g, ' ');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it.each(['en', 'zh-CN'])('should hold the reference, every event\'s action and the head hash (%s)', async (lang) => {
    const res = await t.http().get(`/api/cases/${caseId}/dossier.pdf`).query({ lang }).set(auth(auditor.token)).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf: Buffer = res.body;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(res.headers['x-content-sha256']).toBe(createHash('sha256').update(pdf).digest('hex'));
    const text = await textOf(pdf);
    const c = (await t.http().get(`/api/cases/${caseId}`).set(auth(auditor.token)).expect(200)).body;
    const events: ChainEvent[] = (await t.http().get(`/api/cases/${caseId}/events`).set(auth(auditor.token)).expect(200)).body;
    expect(text).toContain(c.reference);
    for (const e of events) expect({ action: e.action, found: text.includes(e.action) }).toEqual({ action: e.action, found: true });
    expect(text).toContain(c.headHash);
    for (const ev of c.evidence) expect(text).toContain(ev.sha256);
    expect(text).toContain('HP-2026-0042');
    expect(text).toContain('ZF-2026-0815'); // the stop-payment's instruction number
    expect(text).toContain('visa_compromise');
    if (lang === 'zh-CN') {
      // Chinese renders (the embedded Noto Sans SC): headings and the case's own Chinese text
      for (const words of ['案件档案', '完整时间线', '审计链', '最新检查点', '黄浦公安分局', '终端在店内', '限制措施与公安指令', '监管报送时限']) expect(text).toContain(words);
    } else {
      for (const words of ['Case dossier', 'Full timeline', 'Latest checkpoint', 'Stage records', '黄浦公安分局', 'Holds and police orders', 'Regulatory deadlines']) expect(text).toContain(words);
    }
    expect(text).toMatch(/signature: valid|签名: 有效/i);
    expect(pdf.length).toBeLessThan(400_000);
  });

  it('should record every download in the system chain, and only for auditors and admins', async () => {
    const before = (await t.ds.query(`SELECT count(*)::int AS n FROM system_events WHERE action = 'dossier.downloaded'`))[0].n;
    const res = await t.http().get(`/api/cases/${caseId}/dossier.pdf`).set(auth(t.adminToken)).buffer(true).parse(binary).expect(200);
    const rows = await t.ds.query(`SELECT actor_role, data FROM system_events WHERE action = 'dossier.downloaded' ORDER BY seq`);
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({ actor_role: 'admin', data: { caseId, lang: 'en', sha256: res.headers['x-content-sha256'] } });
    expectProblem(await t.http().get(`/api/cases/${caseId}/dossier.pdf`).set(auth(analyst.token)), 403, 'AUTH.FORBIDDEN');
    expectProblem(await t.http().get(`/api/cases/${caseId}/dossier.pdf`).query({ lang: 'fr' }).set(auth(auditor.token)), 400, 'REQUEST.MALFORMED');
    expectProblem(await t.http().get(`/api/cases/${caseId}/dossier.pdf`).query({ colour: 'red' }).set(auth(auditor.token)), 400, 'REQUEST.UNKNOWN_FIELD');
    expectProblem(await t.http().get(`/api/cases/00000000-0000-4000-8000-000000000000/dossier.pdf`).set(auth(auditor.token)), 404, 'NOT_FOUND');
  });
});
