import { Queue, Worker } from 'bullmq';
async function main() {
  const connection = { url: 'redis://127.0.0.1:6379', maxRetriesPerRequest: null } as any;
  const prefix = '{t-smoke}:bull';
  const q = new Queue('maintenance', { connection, prefix });
  const seen: string[] = [];
  const w = new Worker('maintenance', async (job) => { seen.push(`${job.name}:${job.id}`); return 'ok'; }, { connection, prefix, concurrency: 2 });
  await q.upsertJobScheduler('sweep', { every: 300 }, { name: 'sweep', data: {}, opts: { removeOnComplete: 10 } });
  await q.add('x', {}, { jobId: 'abc-1' });
  await new Promise((r) => setTimeout(r, 1100));
  console.log(seen, await q.getJobState('abc-1'), await q.getJobState('nope'), await q.getJobCounts('waiting','delayed','active','failed'));
  await w.close(); await q.obliterate({ force: true }); await q.close();
}
main();
