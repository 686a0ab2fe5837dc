import 'reflect-metadata';
import { startWorker } from './worker';

/**
 * The worker process: `node -r ./tools/register.js apps/worker/src/main.ts`. SIGTERM/SIGINT stop it gracefully
 * (exit 0); a second signal exits at once (1).
 */
async function main(): Promise<void> {
  const handle = await startWorker();
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      handle.logger.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    stopping = true;
    handle
      .close(signal)
      .then(() => process.exit(0))
      .catch((e: Error) => {
        handle.logger.error({ err: e.message }, 'error during shutdown');
        process.exit(1);
      });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err) => {
  // Config errors and unreachable dependencies at start: one clear line, exit 1.
  console.error(JSON.stringify({ level: 60, app: 'worker', msg: err instanceof Error ? err.message : String(err) }));
  process.exit(1);
});
