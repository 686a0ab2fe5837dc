// Types of supervisor.js (the launcher is plain CommonJS so `npm start` needs no compiler); used by its tests.
import { EventEmitter } from 'node:events';
import type { ChildProcess } from 'node:child_process';

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  resetAfterMs: number;
}

export declare const DEFAULT_BACKOFF: Readonly<BackoffPolicy>;
export declare function restartDelayMs(failures: number, policy?: BackoffPolicy): number;
export declare function nextFailures(previousFailures: number, uptimeMs: number, policy?: BackoffPolicy): number;
export declare function formatDelay(ms: number): string;

/** children.js `Child`, as far as the supervisor's users see it. */
export interface SupervisedChild {
  name: string;
  proc: ChildProcess;
  exited: boolean;
  stopping: boolean;
  exitCode: number | null;
  exitSignal: NodeJS.Signals | null;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(graceMs?: number): Promise<void>;
}

export interface ServiceSpec {
  name: string;
  cmd: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  quiet?: boolean;
  onLine?: (line: string) => void;
  format?: (line: string) => string;
}

export declare class Supervisor extends EventEmitter {
  constructor(opts?: {
    backoff?: Partial<BackoffPolicy>;
    stopGraceMs?: number;
    log?: (line: string) => void;
    spawn?: (spec: ServiceSpec) => SupervisedChild;
  });
  readonly stopping: boolean;
  add(spec: ServiceSpec): SupervisedChild;
  get(name: string): SupervisedChild | null;
  children(): SupervisedChild[];
  stop(): Promise<void>;
}
