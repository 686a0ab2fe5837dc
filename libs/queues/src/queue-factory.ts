import { Queue, Worker, type JobsOptions, type Processor, type WorkerOptions } from 'bullmq';
import IORedis from 'ioredis';
import { ALL_QUEUE_NAMES, bullPrefix, type JobDataOf, type JobNameOf, type QueueName } from '@sentinel/contracts';
import { connectionOptions, type ConnectionRole } from './connections';

export interface QueueFactoryOptions {
  redisUrl: string;
  /** The deployment's REDIS_PREFIX: every queue lives under `{<prefix>}:bull` (one Redis Cluster slot per queue). */
  redisPrefix: string;
  /** Connection errors of what is built here (BullMQ emits them as events; unhandled they would crash the process). */
  onError?: (err: Error, source: { queue: string; role: ConnectionRole }) => void;
}

/** Finished jobs kept for inspection (Bull Board), then dropped: the database keeps the history. */
export const KEEP_JOBS = { removeOnComplete: 1000, removeOnFail: 5000 } as const satisfies JobsOptions;

/** A queue typed by its jobs (libs/contracts `QueueJobs`): only its job names, with their payloads. */
export type TypedQueue<N extends QueueName> = Queue<JobDataOf<N>, unknown, JobNameOf<N>>;
export type TypedWorker<N extends QueueName> = Worker<JobDataOf<N>, unknown, JobNameOf<N>>;
export type TypedProcessor<N extends QueueName> = Processor<JobDataOf<N>, unknown, JobNameOf<N>>;

/** Read handles on every queue over one shared connection (queue depths, the dashboard). */
export interface QueueInspector {
  queues: Queue[];
  close(): Promise<void>;
}

/**
 * The one place BullMQ queues and workers are built, for the API and the worker alike: the deployment's prefix,
 * the connection options of each role (connections.ts) and the job retention. Producers and workers built by two
 * processes from the same options always meet on the same keys.
 */
export class QueueFactory {
  readonly prefix: string;

  constructor(private readonly opts: QueueFactoryOptions) {
    this.prefix = bullPrefix(opts.redisPrefix);
  }

  /** A producer on its own `producer` connection (connections.ts); callers log a failed add and rely on the sweep. */
  queue<N extends QueueName>(name: N): TypedQueue<N> {
    const q = new Queue<JobDataOf<N>, unknown, JobNameOf<N>>(name, {
      connection: connectionOptions(this.opts.redisUrl, 'producer'),
      prefix: this.prefix,
      defaultJobOptions: KEEP_JOBS,
    });
    q.on('error', (e) => this.opts.onError?.(e, { queue: name, role: 'producer' }));
    return q;
  }

  /**
   * A worker on its own blocking connection, not started (`autorun: false`) unless asked: the owner calls `run()`
   * once everything it needs is up, and `close()` to drain.
   */
  worker<N extends QueueName>(name: N, processor: TypedProcessor<N>, opts: Omit<WorkerOptions, 'connection' | 'prefix'> = {}): TypedWorker<N> {
    const w = new Worker<JobDataOf<N>, unknown, JobNameOf<N>>(name, processor, {
      autorun: false,
      ...opts,
      connection: connectionOptions(this.opts.redisUrl, 'worker'),
      prefix: this.prefix,
    });
    w.on('error', (e) => this.opts.onError?.(e, { queue: name, role: 'worker' }));
    return w;
  }

  /** Read handles on the given queues (default: all of them), sharing one `reader` connection. */
  inspector(names: readonly QueueName[] = ALL_QUEUE_NAMES): QueueInspector {
    const { url, ...options } = connectionOptions(this.opts.redisUrl, 'reader');
    const connection = new IORedis(url, options);
    connection.on('error', (e) => this.opts.onError?.(e, { queue: '*', role: 'reader' }));
    const queues = names.map((name) => {
      const q = new Queue(name, { connection, prefix: this.prefix });
      q.on('error', (e) => this.opts.onError?.(e, { queue: name, role: 'reader' }));
      return q;
    });
    return {
      queues,
      close: async () => {
        await Promise.allSettled(queues.map((q) => q.close()));
        await connection.quit().catch(() => connection.disconnect());
      },
    };
  }
}
