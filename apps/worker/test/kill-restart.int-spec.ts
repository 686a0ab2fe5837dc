import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { generateWebhookSecret } from '@sentinel/domain';
import { createTestDatabase, testRedisPrefix, type TestDatabase } from '@sentinel/testing';
import type { BankSandbox } from '../../bank-sandbox/src';
import { bankStats, flushTestRedis, insertBank, insertCase, insertFreezeRequest, REDIS_URL, setFaults, startSandbox, TestPublisher, waitFor } from './helpers';

const ROOT = join(__dirname, '..', '..', '..');
const BATCH = 30;

/**
 * Issue 4: kill the worker process (SIGKILL) in the middle of a batch of deliveries to a slow bank, restart it:
 * every notification ends delivered, none lost, and the bank accepted each exactly once (its dedupe on webhook-id
 * absorbs the redeliveries of the interrupted attempts). The worker runs as a real child process (main.ts).
 */
describe('worker killed mid-delivery', () => {
  let db: TestDatabase;
  let sandbox: BankSandbox;
  let publisher: TestPublisher;
  const prefix = testRedisPrefix('worker-kill');
  const secret = generateWebhookSecret();
  const children: ChildProcess[] = [];
  const output: string[] = [];

  function spawnWorker(): ChildProcess {
    const child = spawn(process.execPath, ['-r', './tools/register.js', 'apps/worker/src/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        REDIS_URL,
        REDIS_PREFIX: prefix,
        WORKER_CONCURRENCY: '4',
        DELIVERY_TIMEOUT_MS: '1500',
        DELIVERY_STUCK_MARGIN_MS: '500',
        DELIVERY_SCHEDULE: '0,200ms,400ms,800ms',
        SWEEP_INTERVAL_MS: '300',
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
        WORKER_METRICS_PORT: '',
        WORKER_HEALTH_PORT: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => output.push(String(d)));
    child.stderr!.on('data', (d) => output.push(String(d)));
    children.push(child);
    return child;
  }

  const exited = (child: ChildProcess) =>
    new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve({ code: child.exitCode, signal: child.signalCode });
      child.once('exit', (code, signal) => resolve({ code, signal }));
    });

  beforeAll(async () => {
    db = await createTestDatabase('worker_kill');
    sandbox = await startSandbox([{ code: 'KBANK', secret }]);
    await insertBank(db.dataSource, { code: 'KBANK', webhookUrl: `${sandbox.url}/webhooks/KBANK`, secret });
    publisher = new TestPublisher(prefix);
  });

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await publisher?.close();
    await sandbox?.close();
    await flushTestRedis(prefix);
    await db?.drop();
  });

  it('should deliver every notification exactly once as seen by the bank after a SIGKILL and a restart', async () => {
    await setFaults(sandbox, 'KBANK', { slowMs: 400 });
    const ids: string[] = [];
    for (let i = 0; i < BATCH; i++) ids.push(await insertFreezeRequest(db.dataSource, await insertCase(db.dataSource, 'KBANK')));
    for (const id of ids) await publisher.deliver(id);

    const first = spawnWorker();
    await waitFor('the first worker to be mid-batch', async () => (await bankStats(sandbox, 'KBANK')).received >= 6, 20_000, 20);
    first.kill('SIGKILL');
    expect((await exited(first)).signal).toBe('SIGKILL');
    const [{ n: inFlight }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM notifications WHERE status = 'delivering'`);
    const [{ n: deliveredBefore }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM notifications WHERE status = 'delivered'`);
    expect(inFlight).toBeGreaterThanOrEqual(1); // the kill interrupted deliveries: rows left `delivering`
    expect(deliveredBefore).toBeLessThan(BATCH);

    const second = spawnWorker();
    await waitFor(
      'every notification delivered',
      async () => {
        const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM notifications WHERE status = 'delivered'`);
        return n === BATCH;
      },
      25_000,
      100,
    ).catch((e) => {
      throw new Error(`${(e as Error).message}\nworker output:\n${output.join('').slice(-4000)}`);
    });

    const stats = await bankStats(sandbox, 'KBANK');
    expect(stats.accepted).toBe(BATCH);
    expect(stats.badSignature).toBe(0);
    expect(stats.duplicates).toBeGreaterThanOrEqual(1); // interrupted attempts the bank had already processed
    for (const id of ids) expect(sandbox.state.queryDeliveries({ webhookId: id, outcome: 'accepted' })).toHaveLength(1);
    // One recorded delivered attempt per row; the interrupted ones were redelivered (duplicates at the bank).
    const perRow = await db.dataSource.query(
      `SELECT notification_id, count(*) FILTER (WHERE outcome = 'delivered')::int AS delivered FROM notification_attempts GROUP BY notification_id`,
    );
    expect(perRow).toHaveLength(BATCH);
    expect(perRow.every((r: any) => r.delivered === 1)).toBe(true);
    const [{ n: events }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM case_events WHERE action = 'notification.delivered'`);
    expect(events).toBe(BATCH);

    // Graceful stop of the restarted worker: SIGTERM → exit 0.
    second.kill('SIGTERM');
    expect(await exited(second)).toEqual({ code: 0, signal: null });
  });
});
