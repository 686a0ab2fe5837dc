import 'reflect-metadata';
import { createApp } from './app.factory';

async function main(): Promise<void> {
  const { app, config } = await createApp();
  // The process owns its signals (tests that embed the app handle theirs): SIGTERM drains and closes pools.
  app.enableShutdownHooks();
  await app.listen(config.port, process.env.HOST ?? '0.0.0.0');
  console.log(JSON.stringify({ level: 30, msg: `Sentinel SN API listening on http://localhost:${config.port}/api`, port: config.port }));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
