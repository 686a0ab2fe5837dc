/**
 * State matches history (docs/api.md "Audit"): replays every case's events and compares them with its row, stage
 * records and clocks; a row changed without an event is reported. Read-only.
 *
 *   npm run audit:reconcile [-- --case <id>] [--json]      (DATABASE_URL: the app's database)
 *
 * Exit 0 when every case matches its history, 1 otherwise.
 */
import { createDataSource, ReconcileRepository } from '@sentinel/persistence';

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const json = argv.includes('--json');
  const i = argv.indexOf('--case');
  const caseId = i >= 0 ? argv[i + 1] : undefined;
  const url = env.DATABASE_URL;
  if (!url) {
    process.stderr.write('audit:reconcile needs DATABASE_URL (the database the app uses)\n');
    return 1;
  }
  const ds = createDataSource({ url, poolSize: 4, applicationName: 'sentinel-audit-reconcile' });
  await ds.initialize();
  try {
    const r = await new ReconcileRepository().run(ds, { caseId });
    if (json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    else {
      const out = [`Sentinel SN — state against history: ${r.casesChecked} cases replayed`];
      if (r.ok) out.push('RESULT  OK — every case row, stage record and clock matches its events');
      else {
        out.push(`RESULT  FAILED — ${r.findings.length} difference${r.findings.length === 1 ? '' : 's'} (changed without an event):`);
        for (const f of r.findings.slice(0, 200)) out.push(`  case ${f.caseId}  ${f.what}: events say ${JSON.stringify(f.expected)}, rows hold ${JSON.stringify(f.actual)}`);
      }
      process.stdout.write(`${out.join('\n')}\n`);
    }
    return r.ok ? 0 : 1;
  } finally {
    await ds.destroy();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: Error) => {
      process.stderr.write(`audit:reconcile failed: ${e.message}\n`);
      process.exit(1);
    },
  );
}
