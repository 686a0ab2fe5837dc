import 'reflect-metadata';
import { createApp } from './app.factory';

async function main(): Promise<void> {
  const { app, config } = await createApp();
  await app.listen(config.port, process.env.HOST ?? '0.0.0.0');
  // eslint-disable-next-line no-console
  console.log(JSON.stringify({ level: 30, msg: `Sentinel SN API listening on http://localhost:${config.port}/api`, port: config.port }));
}

main().catch((err) => {
  // eslint-disable-next-line no-console
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
