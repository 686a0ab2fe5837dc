import { execFile } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { checkpointHash, GENESIS_HASH, hashEvent, keyIdOf, merkleRootOf, signatureHolds, type ChainEvent, type CheckpointLeaf } from '@sentinel/domain';
import { verifyFiles } from '../../../tools/audit/verify';
import { auth, expectProblem, TestApp, type TestUser } from './test-app';

const text = (res: any, cb: (e: Error | null, body: string) => void) => {
  let s = '';
  res.setEncoding('utf8');
  res.on('data', (d: string) => (s += d));
  res.on('end', () => cb(null, s));
};
const jsonl = <T>(body: string): T[] => body.split('\n').filter(Boolean).map((l) => JSON.parse(l) as T);
const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..', '..');

/**
 * Signed checkpoints and tampering (docs/api.md "Checkpoints", "Offline verifier"): the API's checkpoints verify with
 * the public key; every kind of tampering in the database — done as the schema owner, with the triggers out of the
 * way — is reported by GET /api/audit/verify and by the offline verifier on a fresh export.
 */
describe('Audit checkpoints and tampering', () => {
  let t: TestApp;
  let analyst: TestUser;
  let auditor: TestUser;
  let dir: string;
  const victims: Record<string, string> = {};
  let untouched: string;
  let snSeq = 0;

  async function workedCase(): Promise<string> {
    const r = await t.http().post('/api/reports').set(auth(analyst.token)).send({ sn: `TAMPER-${String(++snSeq).padStart(5, '0')}`, channel: 'cardholder', misuseType: 'other' }).expect(201);
    const id = r.body.caseId as string;
    let { version } = (await t.http().get(`/api/cases/${id}`).set(auth(analyst.token)).expect(200)).body;
    for (const [action, payload] of [['claim', {}], ['add_note', { text: 'first note' }], ['add_note', { text: 'second note' }], ['add_note', { text: 'third note' }]] as const) {
      const a = await t.http().post(`/api/cases/${id}/actions/${action}`).set(auth(analyst.token)).send({ version, ...payload });
      if (a.status !== 200) throw new Error(`${action}: ${a.status} ${JSON.stringify(a.body)}`);
      version = a.body.version ?? version;
      version = (await t.http().get(`/api/cases/${id}`).set(auth(analyst.token))).body.version;
    }
    return id;
  }

  /** As the schema owner would: triggers bypassed for the transaction. */
  const asOwner = (fn: (q: (sql: string, args?: unknown[]) => Promise<unknown>) => Promise<void>) =>
    t.ds.transaction(async (em) => {
      await em.query(`SET LOCAL session_replication_role = replica`);
      await fn((sql, args) => em.query(sql, args));
    });

  const get = (path: string, token = auditor.token) => t.http().get(path).set(auth(token));
  const download = async (path: string) => (await get(path).buffer(true).parse(text).expect(200)).body as string;

  /** A fresh export, the latest checkpoint, its leaves and the public key, as an outside auditor gets them. */
  async function filesNow(name: string) {
    const [cp] = (await get('/api/audit/checkpoints').expect(200)).body;
    const files = {
      exportFile: join(dir, `${name}.jsonl`),
      checkpointFile: join(dir, `${name}-cp.json`),
      leavesFile: join(dir, `${name}-leaves.jsonl`),
      publicKeyFile: join(dir, 'key.pem'),
    };
    writeFileSync(files.exportFile, await download('/api/audit/export?format=jsonl'));
    writeFileSync(files.checkpointFile, JSON.stringify((await get(`/api/audit/checkpoints/${cp.id}`).expect(200)).body));
    writeFileSync(files.leavesFile, await download(`/api/audit/checkpoints/${cp.id}/leaves`));
    writeFileSync(files.publicKeyFile, await download('/api/audit/public-key'));
    return files;
  }

  beforeAll(async () => {
    t = await TestApp.start('audit-cp');
    dir = mkdtempSync(join(tmpdir(), 'sn-audit-cp-'));
    [analyst, auditor] = await Promise.all([t.createUser('analyst'), t.createUser('auditor')]);
    for (const name of ['edit', 'deleteOne', 'deleteNewest', 'deleteAll', 'rewrite', 'swap']) victims[name] = await workedCase();
    untouched = await workedCase();
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t?.stop();
  });

  it('should write a signed checkpoint on an admin\'s request, and let only admins ask', async () => {
    expectProblem(await t.http().post('/api/audit/checkpoints').set(auth(auditor.token)), 403, 'AUTH.FORBIDDEN');
    expectProblem(await get('/api/audit/checkpoints', analyst.token), 403, 'AUTH.FORBIDDEN');
    const res = await t.http().post('/api/audit/checkpoints').set(auth(t.adminToken)).expect(201);
    const cp = res.body;
    expect(cp).toMatchObject({ seq: 1, prevHash: GENESIS_HASH, caseCount: 7, signatureValid: true, createdBy: expect.any(String) });
    // the hash is over the documented fields; the signature holds with the served public key, named by keyId
    expect(checkpointHash(cp)).toBe(cp.hash);
    const pem = await download('/api/audit/public-key');
    const key = createPublicKey(pem);
    expect(keyIdOf(key)).toBe(cp.keyId);
    expect(signatureHolds(cp, key)).toBe(true);
    // the leaves give the root, one per case in caseId order, each the case's head
    const leaves = jsonl<CheckpointLeaf>(await download(`/api/audit/checkpoints/${cp.id}/leaves`));
    expect(leaves.map((l) => l.caseId)).toEqual([...leaves.map((l) => l.caseId)].sort());
    expect(merkleRootOf(leaves)).toBe(cp.casesRoot);
    const head = (await get(`/api/cases/${untouched}`).expect(200)).body;
    expect(leaves.find((l) => l.caseId === untouched)).toEqual({ caseId: untouched, lastEventSeq: head.lastEventSeq, headHash: head.headHash });
    // listed, shown, and recorded in the system chain
    const list = await get('/api/audit/checkpoints').expect(200);
    expect(list.headers['content-range']).toBe('checkpoints 0-0/1');
    expect((await get(`/api/audit/checkpoints/${cp.id}`).expect(200)).body).toEqual(cp);
    const [rec] = await t.ds.query(`SELECT data FROM system_events WHERE action = 'audit.checkpoint_created'`);
    expect(rec.data).toMatchObject({ checkpointId: cp.id, seq: 1, hash: cp.hash });
    expectProblem(await get('/api/audit/checkpoints/not-a-uuid'), 404, 'NOT_FOUND');
    expectProblem(await get('/api/audit/checkpoints/00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
  });

  it('should verify untouched data against the checkpoint, online and offline (exit 0)', async () => {
    const v = (await get('/api/audit/verify').query({ scope: 'all' }).expect(200)).body;
    expect(v).toMatchObject({ ok: true, failures: [], checkpoint: { seq: 1, signatureValid: true } });
    const files = await filesNow('clean');
    const r = await verifyFiles({ ...files, json: false });
    expect(r).toMatchObject({ ok: true, casesChecked: 7, failures: [] });
    const cli = await run(process.execPath, ['-r', './tools/register.js', 'tools/audit/verify.ts', files.exportFile, '--checkpoint', files.checkpointFile, '--leaves', files.leavesFile, '--public-key', files.publicKeyFile], { cwd: ROOT });
    expect(cli.stdout).toMatch(/signature valid/);
    expect(cli.stdout).toMatch(/RESULT\s+OK/);
  });

  it('should report each kind of tampering through verify and the offline verifier, and exit 1', async () => {
    const events = async (id: string): Promise<ChainEvent[]> => (await get(`/api/cases/${id}/events`).expect(200)).body;
    await asOwner(async (q) => {
      await q(`UPDATE case_events SET data = data || '{"text":"edited"}' WHERE case_id = $1 AND seq = 3`, [victims.edit]);
      await q(`DELETE FROM case_events WHERE case_id = $1 AND seq = 2`, [victims.deleteOne]);
      await q(`DELETE FROM case_events WHERE case_id = $1 AND seq >= (SELECT max(seq) - 1 FROM case_events WHERE case_id = $1)`, [victims.deleteNewest]);
      await q(`DELETE FROM case_events WHERE case_id = $1`, [victims.deleteAll]);
      // swap: two events trade places in the chain (their seq exchanged)
      await q(`UPDATE case_events SET seq = -seq WHERE case_id = $1 AND seq IN (2, 3)`, [victims.swap]);
      await q(`UPDATE case_events SET seq = CASE seq WHEN -2 THEN 3 ELSE 2 END WHERE case_id = $1 AND seq IN (-2, -3)`, [victims.swap]);
    });
    // the careful attacker: rewrite an event from before the checkpoint, re-hash the rest of the chain, move the head
    const chain = await events(victims.rewrite);
    const forged: ChainEvent[] = [];
    for (const e of chain) {
      if (e.seq < 2) forged.push(e);
      else {
        const partial = { ...e, data: e.seq === 2 ? { ...e.data, forged: true } : e.data, prevHash: forged[forged.length - 1].hash };
        forged.push({ ...partial, hash: hashEvent(partial) });
      }
    }
    await asOwner(async (q) => {
      for (const e of forged.slice(1)) {
        await q(`UPDATE case_events SET data = $3, prev_hash = $4, hash = $5 WHERE case_id = $1 AND seq = $2`, [victims.rewrite, e.seq, JSON.stringify(e.data), e.prevHash, e.hash]);
      }
      await q(`UPDATE cases SET head_hash = $2 WHERE id = $1`, [victims.rewrite, forged[forged.length - 1].hash]);
    });

    const v = (await get('/api/audit/verify').expect(200)).body;
    expect(v.ok).toBe(false);
    const files = await filesNow('tampered');
    const offline = await verifyFiles({ ...files, json: true });
    expect(offline.ok).toBe(false);
    const codes = (failures: Array<{ caseId: string | null; reason: string }>, id: string) =>
      [...new Set(failures.filter((f) => f.caseId === id).map((f) => f.reason.split(':')[0]))].sort();

    const expected: Record<string, { online: string[]; offline: string[] }> = {
      edit: { online: ['hash_mismatch'], offline: ['hash_mismatch'] },
      deleteOne: { online: ['prev_hash_mismatch', 'seq_gap'], offline: ['prev_hash_mismatch', 'seq_gap'] },
      deleteNewest: { online: ['head_seq_mismatch', 'tail_missing'], offline: ['tail_missing'] },
      deleteAll: { online: ['case_missing', 'head_seq_mismatch'], offline: ['case_missing'] },
      rewrite: { online: ['checkpoint_mismatch'], offline: ['checkpoint_mismatch'] },
      swap: { online: ['hash_mismatch', 'prev_hash_mismatch'], offline: ['hash_mismatch', 'prev_hash_mismatch'] },
    };
    for (const [name, want] of Object.entries(expected)) {
      expect({ name, online: codes(v.failures, victims[name]) }).toEqual({ name, online: want.online });
      expect({ name, offline: codes(offline.failures, victims[name]) }).toEqual({ name, offline: want.offline });
    }
    expect(codes(v.failures, untouched)).toEqual([]);
    expect(codes(offline.failures, untouched)).toEqual([]);

    // the command line: exit 1 and a list a person can read
    const cli = await run(process.execPath, ['-r', './tools/register.js', 'tools/audit/verify.ts', files.exportFile, '--checkpoint', files.checkpointFile, '--leaves', files.leavesFile, '--public-key', files.publicKeyFile], { cwd: ROOT }).then(
      () => ({ code: 0, stdout: '' }),
      (e: { code: number; stdout: string }) => e,
    );
    expect(cli.code).toBe(1);
    expect(cli.stdout).toMatch(/RESULT\s+FAILED/);
    expect(cli.stdout).toContain(`case ${victims.rewrite}`);
    expect(cli.stdout).toMatch(/checkpoint_mismatch/);

    // a later checkpoint does not bless what was cut or rewritten: it keeps the recorded leaves
    const next = (await t.http().post('/api/audit/checkpoints').set(auth(t.adminToken)).expect(201)).body;
    expect(next).toMatchObject({ seq: 2, prevHash: (await get('/api/audit/checkpoints?range=[1,1]').expect(200)).body[0].hash });
    const again = (await get('/api/audit/verify').expect(200)).body;
    expect(codes(again.failures, victims.rewrite)).toEqual(['checkpoint_mismatch']);
    expect(codes(again.failures, victims.deleteAll)).toContain('case_missing');
  });
});
