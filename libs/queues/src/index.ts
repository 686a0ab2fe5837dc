export { connectionOptions, type ConnectionRole } from './connections';
export {
  KEEP_JOBS,
  QueueFactory,
  type QueueFactoryOptions,
  type QueueInspector,
  type TypedProcessor,
  type TypedQueue,
  type TypedWorker,
} from './queue-factory';
export { logRedisOutages, type RedisOutageLog } from './redis-errors';
