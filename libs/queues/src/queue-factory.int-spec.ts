import Redis from 'ioredis';
import { bullPrefix, jobIds, JOB_NAMES, QUEUE_NAMES, type SlaTimerJob } from '@sentinel/contracts';
import { flushRedisPrefix, testRedisPrefix } from '@sentinel/testing';
import { KEEP_JOBS, QueueFactory } from './queue-factory';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe(QueueFactory.name, () => {
  const prefix = testRedisPrefix('queue-factory');
  const errors: string[] = [];
  // Two factories from the same options, as the API and the worker build them in two processes.
  const api = new QueueFactory({ redisUrl: REDIS_URL, redisPrefix: prefix, onError: (e) => errors.push(e.message) });
  const worker = new QueueFactory({ redisUrl: REDIS_URL, redisPrefix: prefix, onError: (e) => errors.push(e.message) });
  const closers: Array<() => Promise<unknown>> = [];

  afterAll(async () => {
    for (const close of closers.reverse()) await close();
    const redis = new Redis(REDIS_URL);
    await flushRedisPrefix(redis, bullPrefix(prefix));
    redis.disconnect();
  });

  it('should put every queue of a deployment under its {hash tag} prefix', () => {
    expect(api.prefix).toBe(`{${prefix}}:bull`);
  });

  it("should let a worker of one process run the jobs another process's producer added", async () => {
    const q = api.queue(QUEUE_NAMES.slaTimers);
    closers.push(() => q.close());
    const seen: SlaTimerJob[] = [];
    const w = worker.worker(QUEUE_NAMES.slaTimers, async (job) => {
      seen.push(job.data);
      return { name: job.name };
    });
    closers.push(() => w.close());
    const done = new Promise((resolve) => w.on('completed', resolve));
    void w.run();
    const at = Date.now();
    await q.add(JOB_NAMES.fire, { clockId: 'c-1', kind: 'due', at }, { jobId: jobIds.slaTimer('c-1', 'due', at) });
    await done;
    expect(seen).toEqual([{ clockId: 'c-1', kind: 'due', at }]);
  });

  it('should keep a bounded number of finished jobs by default', async () => {
    const q = api.queue(QUEUE_NAMES.notifications);
    closers.push(() => q.close());
    const job = await q.add(JOB_NAMES.deliver, { notificationId: 'n-1' }, { jobId: jobIds.notification('n-1', 1), delay: 60_000 });
    expect(job.opts).toMatchObject(KEEP_JOBS);
  });

  it('should read every queue through one shared connection', async () => {
    const inspector = api.inspector();
    closers.push(() => inspector.close());
    expect(inspector.queues.map((q) => q.name)).toEqual(['notifications', 'sla-timers', 'hold-timers', 'regulatory-timers', 'maintenance', 'alert-channels']);
    const counts = await inspector.queues[0].getJobCounts('delayed');
    expect(counts.delayed).toBeGreaterThanOrEqual(1);
  });

  it('should have reported no connection errors on the live Redis', () => {
    expect(errors).toEqual([]);
  });
});
