/**
 * Historical import (docs/api.md "Historical import"):
 *
 *   npm run import -- reports.csv [--dry-run] [--json]
 *
 * Connects with DATABASE_URL. Events are by `system:import` with the file's SHA-256 in their data; the reports are
 * submitted by the import's service user. A progress bar shows on a terminal (stderr); the summary (rows, imported,
 * skipped, failed, rows/s) and every refused row (row, field, code) are printed at the end (`--json`: as JSON).
 * Exit codes: 0 every row imported or skipped, 1 some rows refused (the others are imported), 2 the command, the
 * file or the database failed (chunks committed before a database failure stay; running the file again skips them).
 */
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { SingleBar } from 'cli-progress';
import { createDataSource, IMPORT_USER_ID } from '@sentinel/persistence';
import { ImportFileError } from '../../apps/api/src/imports/import-row';
import { HistoricalImport, type ImportSummary } from '../../apps/api/src/imports/import-runner';

export const IMPORT_ACTOR = { id: 'system:import', role: 'system' } as const;
const USAGE = 'usage: npm run import -- reports.csv [--dry-run] [--json]';

export interface ImportArgs {
  file: string;
  dryRun: boolean;
  json: boolean;
}

export class UsageError extends Error {}

export function parseArgs(argv: string[]): ImportArgs {
  const files = argv.filter((a) => !a.startsWith('--'));
  const unknown = argv.filter((a) => a.startsWith('--') && a !== '--dry-run' && a !== '--json');
  if (unknown.length) throw new UsageError(`unknown option ${unknown.join(' ')}\n${USAGE}`);
  if (files.length !== 1) throw new UsageError(`give exactly one CSV file\n${USAGE}`);
  return { file: files[0], dryRun: argv.includes('--dry-run'), json: argv.includes('--json') };
}

/** The file's SHA-256 (hex), streamed. */
export async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** Imports `file` into the database at `url` (the CLI's work without its output). */
export async function importFile(url: string, args: ImportArgs, opts: { progress?: boolean; defaultTimeZone?: string } = {}): Promise<ImportSummary & { fileSha256: string }> {
  let size: number;
  try {
    size = statSync(args.file).size;
  } catch (e) {
    throw new UsageError(`cannot read ${args.file}: ${(e as Error).message}`);
  }
  const fileSha256 = await sha256File(args.file);
  const ds = createDataSource({ url, applicationName: 'sentinel-import', poolSize: 2 });
  await ds.initialize();
  const bar = opts.progress
    ? new SingleBar({ format: `${args.dryRun ? 'checking' : 'importing'} [{bar}] {percentage}% | {rows} rows, {imported} imported, {skipped} skipped, {failed} failed`, stream: process.stderr, clearOnComplete: true })
    : null;
  const input = createReadStream(args.file);
  let read = 0;
  bar?.start(size, 0, { rows: 0, imported: 0, skipped: 0, failed: 0 });
  if (bar) input.on('data', (chunk) => (read += chunk.length));
  try {
    const summary = await new HistoricalImport(ds).run(input, {
      actor: IMPORT_ACTOR,
      submittedBy: { id: IMPORT_USER_ID, role: 'system' },
      source: { fileSha256 },
      dryRun: args.dryRun,
      defaultTimeZone: opts.defaultTimeZone ?? (process.env.DEFAULT_TIME_ZONE || 'UTC'),
      onProgress: (c) => bar?.update(read, { ...c }),
    });
    return { ...summary, fileSha256 };
  } finally {
    bar?.stop();
    await ds.destroy();
  }
}

/** The summary a person reads. */
export function formatSummary(args: ImportArgs, s: ImportSummary & { fileSha256: string }): string {
  const out = [`Sentinel SN historical import${s.dryRun ? ' — DRY RUN, nothing written' : ''}`, ''];
  const line = (label: string, value: string) => out.push(`${label.padEnd(13)}${value}`);
  line('file', `${args.file} (sha256 ${s.fileSha256})`);
  line('rows', String(s.rows));
  line(s.dryRun ? 'would import' : 'imported', String(s.imported));
  line('skipped', `${s.skipped} (imported before)`);
  line('failed', String(s.failed));
  line('speed', `${s.rowsPerSecond} rows/s (${(s.ms / 1000).toFixed(1)} s)`);
  if (s.errors.length) {
    out.push('', 'refused rows (row, field, code):');
    for (const e of s.errors) out.push(`  row ${e.row}  ${e.field}  ${e.code}`);
  }
  return out.join('\n');
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (!env.DATABASE_URL) throw new UsageError('set DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/sentinel');
    const s = await importFile(env.DATABASE_URL, args, { progress: !args.json && process.stderr.isTTY === true, defaultTimeZone: env.DEFAULT_TIME_ZONE || 'UTC' });
    process.stdout.write(args.json ? `${JSON.stringify(s, null, 2)}\n` : `${formatSummary(args, s)}\n`);
    return s.failed ? 1 : 0;
  } catch (e) {
    if (e instanceof UsageError || e instanceof ImportFileError) {
      process.stderr.write(`import: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: Error) => {
      process.stderr.write(`import failed: ${e.stack ?? e.message}\n`);
      process.exit(2);
    },
  );
}
