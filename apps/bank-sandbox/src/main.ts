/**
 * Runs the bank sandbox from the environment:
 *   node -r ./tools/register.js apps/bank-sandbox/src/main.ts
 * Env: BANK_SANDBOX_PORT (4010), BANK_SANDBOX_HOST (127.0.0.1), BANK_SANDBOX_BANKS
 * (JSON [{code, secret}]), SENTINEL_API_URL (http://127.0.0.1:3000), BANK_SANDBOX_CALLBACK_DELAY_MS (2000).
 */
import { startBankSandbox } from './bank-sandbox';
import { sandboxOptionsFromEnv } from './config';

export * from './index';

async function main(): Promise<void> {
  let options;
  try {
    options = sandboxOptionsFromEnv(process.env);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  }
  const sandbox = await startBankSandbox(options);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.stderr.write(`bank-sandbox: ${signal} again, exiting now\n`);
      process.exit(1);
    }
    stopping = true;
    sandbox.close().then(
      () => process.exit(0),
      (e) => {
        process.stderr.write(`bank-sandbox: close failed: ${(e as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    const err = e as NodeJS.ErrnoException;
    process.stderr.write(
      err.code === 'EADDRINUSE'
        ? `bank-sandbox: port already in use (${err.message}); set BANK_SANDBOX_PORT\n`
        : `bank-sandbox failed to start: ${err.stack ?? err.message}\n`,
    );
    process.exit(1);
  });
}
