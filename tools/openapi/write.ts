/**
 * `npm run openapi`: writes the OpenAPI document to docs/openapi.json (the copy integrators read; the live one is
 * `/api/openapi.json`). `npm run openapi -- --check` exits 1 when the committed copy is not current.
 */
import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createOpenApiDocument } from '../../apps/api/src/app.factory';

const TARGET = join(__dirname, '..', '..', 'docs', 'openapi.json');

async function main(): Promise<void> {
  const text = `${JSON.stringify(await createOpenApiDocument(), null, 2)}\n`;
  if (process.argv.includes('--check')) {
    const current = readFileSync(TARGET, 'utf8');
    if (current !== text) {
      console.error('docs/openapi.json is not current: run `npm run openapi` and commit it');
      process.exit(1);
    }
    console.log('docs/openapi.json is current');
    return;
  }
  writeFileSync(TARGET, text);
  console.log(`wrote ${TARGET}`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
