/** What the request handlers share. */
import type { ServerResponse } from 'node:http';
import type { CallbackSender } from './callback-sender';
import type { ResolvedOptions } from './config';
import type { Logger } from './logger';
import type { SandboxState } from './sandbox-state';

export interface SandboxContext {
  readonly options: ResolvedOptions;
  readonly state: SandboxState;
  readonly callbacks: CallbackSender;
  readonly log: Logger;
  /** The sandbox's own base URL (`http://127.0.0.1:4010`). */
  url(): string;
  /** Webhook responses being held (slow / timeout faults); reset and close destroy them. */
  hold(res: ServerResponse): void;
  /** A timer that reset/close cancel (the awaiting handler then never resumes; its socket is destroyed). */
  sleep(ms: number): Promise<void>;
  /** Clears deliveries, callbacks, faults and counters; cancels pending callbacks; drops held requests. */
  reset(): void;
}
