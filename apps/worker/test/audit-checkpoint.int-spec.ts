import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkpointHash, GENESIS_HASH, signatureHolds } from '@sentinel/domain';
import { EventsRepository } from '@sentinel/persistence';
import { createTestDatabase, testRedisPrefix, type TestDatabase } from '@sentinel/testing';
import { startWorker, type WorkerHandle } from '../src/worker';
import { AuditCheckpointService } from '../src/maintenance/audit-checkpoint.service';
import { flushTestRedis, insertCase, sleep, waitFor } from './helpers';

/** The worker's signed checkpoints (docs/api.md "Checkpoints"): written by the sweep when the latest is older than the interval. */
describe('audit checkpoints on a schedule', () => {
  let db: TestDatabase;
  let worker: WorkerHandle | undefined;
  const prefix = testRedisPrefix('worker-checkpoint');
  const dir = mkdtempSync(join(tmpdir(), 'sn-worker-key-'));

  beforeAll(async () => {
    db = await createTestDatabase('worker_checkpoint');
  });
  afterAll(async () => {
    await worker?.close();
    await flushTestRedis(prefix);
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should write one when due, signed with the key from the key file, and not again before the interval', async () => {
    const caseId = await insertCase(db.dataSource, null);
    await new EventsRepository().appendCaseEvents(db.dataSource, caseId, { seq: 0, hash: GENESIS_HASH }, [{ actor: { id: 'system', role: 'system' }, action: 'case.opened', data: {} }], new Date());
    worker = await startWorker({
      databaseUrl: db.url,
      redisPrefix: prefix,
      sweepIntervalMs: 200,
      auditCheckpointIntervalMs: 1500,
      auditSigningKeyFile: join(dir, 'key.pem'),
      logLevel: process.env.TEST_LOG_LEVEL ?? 'silent',
    });
    const first = await waitFor('the first checkpoint', async () => (await db.dataSource.query(`SELECT * FROM audit_checkpoints ORDER BY seq`))[0]);
    expect(first).toMatchObject({ seq: 1, case_count: 1, created_by: 'system' });
    const key = worker.app.get(AuditCheckpointService).key;
    expect(first.key_id).toBe(key.keyId);
    expect(key.source).toBe('dev-file');
    await sleep(600);
    expect(await db.dataSource.query(`SELECT seq FROM audit_checkpoints`)).toHaveLength(1);
    const second = await waitFor('the next checkpoint', async () => (await db.dataSource.query(`SELECT * FROM audit_checkpoints WHERE seq = 2`))[0], 10_000);
    expect(second.prev_hash).toBe(first.hash);
    const body = {
      seq: 2,
      at: second.at.toISOString(),
      systemHead: { seq: second.system_head_seq, hash: second.system_head_hash },
      casesRoot: second.cases_root,
      caseCount: second.case_count,
      prevHash: second.prev_hash,
      keyId: second.key_id,
    };
    expect(checkpointHash(body)).toBe(second.hash);
    expect(signatureHolds(second, key.publicKey)).toBe(true);
  });
});
